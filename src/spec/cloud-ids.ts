// Names and ids by the clouds' own grammars, shared by the spec and the importers: a value that
// does not fit is refused (spec) or reported as a bad element (export), never written or printed.

/** AWS region: `eu-west-1`, `us-gov-west-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/**
 * Availability Zone names of a region: `eu-west-1a`; Local Zones `us-west-2-lax-1a`; Wavelength
 * Zones `us-east-1-wl1-bos-wlz-1`.
 */
export function awsZoneName(region: string): RegExp {
  return new RegExp(`^${region}([a-z]|-[a-z]{3}-\\d[a-z]|-wl1-[a-z]{3}-wlz-\\d)$`);
}
export const AWS_ZONE_NAME = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d([a-z]|-[a-z]{3}-\d[a-z]|-wl1-[a-z]{3}-wlz-\d)$/;
/** Availability Zone ids: `euw1-az1`, `usw2-lax1-az1`, `use1-wl1-bos-wlz1`. */
export const AWS_ZONE_ID = /^[a-z]{3,5}\d-(az\d{1,2}|[a-z]{3}\d-az\d{1,2}|wl1-[a-z]{3}-wlz\d)$/;

/** AWS resource ids by their prefix: `vpc-0a1b…`. Exports written by hand may use readable suffixes (`subnet-node-a`). */
export function awsId(prefix: string): RegExp {
  return new RegExp(`^${prefix}-[0-9A-Za-z][0-9A-Za-z-]{0,63}$`);
}

/**
 * AWS tag keys and values: letters, digits, spaces (any script) and `_ . : / = + - @`; keys 1 to
 * 128 characters and not starting with `aws:`, values up to 256.
 */
export const AWS_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const AWS_TAG_KEY_MAX = 128;
export const AWS_TAG_VALUE_MAX = 256;

/** Azure tag names: up to 512 characters, none of `< > % & \ ? /`; values up to 256. */
export const AZURE_TAG_NAME = /^[^<>%&\\?/]{1,512}$/;
export const AZURE_TAG_VALUE_MAX = 256;

// Azure names: resource groups are 1-90 of letters, digits, _ - . ( ), not ending in `.`;
// VNets, subnets, public IPs and the like: letters, digits, _ - ., starting with a letter or digit
// and ending with a letter, digit or _ (at most 80).
const AZURE_GROUP = "[-\\w.()\\p{L}]{0,89}[-\\w()\\p{L}]";
const AZURE_NAME = "[\\p{L}\\d](?:[\\p{L}\\d_.-]{0,78}[\\p{L}\\d_])?";
const AZURE_SUBSCRIPTION = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const AZURE_PREFIX = `^/subscriptions/(${AZURE_SUBSCRIPTION})/resourceGroups/(${AZURE_GROUP})/providers/Microsoft\\.Network/`;

export const AZURE_VNET_ID = new RegExp(`${AZURE_PREFIX}virtualNetworks/(${AZURE_NAME})$`, "iu");
export const AZURE_SUBNET_ID = new RegExp(`${AZURE_PREFIX}virtualNetworks/(${AZURE_NAME})/subnets/(${AZURE_NAME})$`, "iu");
export const AZURE_PUBLIC_IP_ID = new RegExp(`${AZURE_PREFIX}publicIPAddresses/(${AZURE_NAME})$`, "iu");
/** A private DNS zone: its name is a DNS name (labels of letters, digits and -). */
export const AZURE_PRIVATE_DNS_ZONE_ID = new RegExp(`${AZURE_PREFIX}privateDnsZones/((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63})$`, "iu");

/** Any ARM resource id as an export holds it: `/`-separated segments with no spaces, controls or shell syntax. */
export const AZURE_RESOURCE_ID = /^(\/[^\s\x00-\x1f\x7f-\x9f/$`'"\\;|&<>{}]+)+$/u;
