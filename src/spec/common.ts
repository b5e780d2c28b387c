// Field types shared by the AWS and Azure parts of the spec.
import { z } from "zod";
import { CidrError, parseCidr } from "../ipam/ipv4.js";

/** A string `parse` accepts; what its CidrError says after the echoed text is the problem. */
export function parsedBy(parse: (text: string) => unknown) {
  return z.string().superRefine((text, ctx) => {
    try {
      parse(text);
    } catch (e) {
      if (!(e instanceof CidrError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message.slice(text.length + 1) });
    }
  });
}

/** An IPv4 CIDR block with its host bits zero, e.g. `10.20.0.0/16`. */
export const cidr = parsedBy(parseCidr);

/** A TCP/UDP port number. */
export const port = z.number().int().min(1).max(65535);

/** Lower-case DNS-label-like name that prefixes every resource name. */
export const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, "must start with a letter and use only a-z, 0-9 and -, at most 31 characters")
  .describe("Prefixes every resource name, e.g. acme-prod -> acme-prod-public-eu-west-1a.");

export const tags = z
  .record(z.string(), z.string())
  .describe("Extra tags on every resource (merged into the provider's default_tags).");
