// Field types shared by the AWS and Azure parts of the spec.
import { z } from "zod";
import { CidrError, parseCidr } from "../ipam/prefix.js";
import { compareText, hasControl } from "../io/text.js";
import { AWS_TAG_KEY_MAX, AWS_TAG_TEXT, AWS_TAG_VALUE_MAX, AZURE_TAG_NAME, AZURE_TAG_VALUE_MAX } from "./cloud-ids.js";

/**
 * A string `parse` accepts, given back as `format` writes the parsed value: what is checked is
 * what is emitted (` 10.0.0.0/16` is read once and becomes `10.0.0.0/16` everywhere). What the
 * parser's CidrError says after the echoed text is the problem.
 */
export function parsedBy<T>(parse: (text: string) => T, format: (value: T) => string) {
  return z.string().transform((text, ctx) => {
    try {
      return format(parse(text));
    } catch (e) {
      if (!(e instanceof CidrError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message.slice(text.length + 1) });
      return z.NEVER;
    }
  });
}

/** An IPv4 CIDR block with its host bits zero, e.g. `10.20.0.0/16`. */
export const cidr = parsedBy(
  (text) => parseCidr(text, 4),
  (p) => p.text,
);

/** A TCP/UDP port number. */
export const port = z.number().int().min(1).max(65535);

/** Lower-case DNS-label-like name that prefixes every resource name. */
export const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, "must start with a letter and use only a-z, 0-9 and -, at most 31 characters")
  .describe("Prefixes every resource name, e.g. acme-prod -> acme-prod-public-eu-west-1a.");

/**
 * A map of free text as it is emitted: keys in order (reordering a spec's map never reorders the
 * output), keys and values in Unicode normal form C (as HCL reads every string literal).
 */
function freeTextRecord() {
  // A key named __proto__ would vanish in a JavaScript object (and with it the user's tag): refused, not dropped.
  const record = z.preprocess(
    (input, ctx) => {
      if (input !== null && typeof input === "object" && Object.hasOwn(input, "__proto__")) {
        ctx.addIssue({
          code: "custom",
          path: ["__proto__"],
          params: KEY_ISSUE,
          input,
          message: "is a key dpnet cannot carry (__proto__ is special in JavaScript): rename it",
        });
      }
      return input;
    },
    z.record(z.string(), z.string()),
  );
  return record.transform(
    (record): Record<string, string> =>
      Object.fromEntries(
        Object.entries(record)
          .map(([k, v]): [string, string] => [k.normalize("NFC"), v.normalize("NFC")])
          .sort(([a], [b]) => compareText(a, b)),
      ),
  );
}

/** Marks an issue about a map's key: its message names the key (in the path), not the value. */
export const KEY_ISSUE = { about: "key" } as const;

export const awsTags = freeTextRecord()
  .superRefine((tags, ctx) => {
    for (const [key, value] of Object.entries(tags)) {
      if (key.length < 1 || key.length > AWS_TAG_KEY_MAX || !AWS_TAG_TEXT.test(key)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          params: KEY_ISSUE,
          message: `is not an AWS tag key: 1 to ${AWS_TAG_KEY_MAX} letters, digits, spaces and _ . : / = + - @`,
        });
      } else if (key.toLowerCase().startsWith("aws:")) {
        ctx.addIssue({ code: "custom", path: [key], params: KEY_ISSUE, message: "is an AWS tag key: the aws: prefix is reserved for AWS" });
      }
      if (value.length > AWS_TAG_VALUE_MAX || !AWS_TAG_TEXT.test(value)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `is not an AWS tag value: up to ${AWS_TAG_VALUE_MAX} letters, digits, spaces and _ . : / = + - @`,
        });
      }
    }
  })
  .describe(
    "Extra tags on every resource (merged into the provider's default_tags): AWS's rules, keys 1-128 and values up to 256 of letters, digits, spaces and _ . : / = + - @.",
  );

export const azureTags = freeTextRecord()
  .superRefine((tags, ctx) => {
    for (const [key, value] of Object.entries(tags)) {
      if (!AZURE_TAG_NAME.test(key) || hasControl(key)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          params: KEY_ISSUE,
          message: "is not an Azure tag name: 1 to 512 characters, none of < > % & \\ ? / or control characters",
        });
      }
      if (value.length > AZURE_TAG_VALUE_MAX || hasControl(value)) {
        ctx.addIssue({ code: "custom", path: [key], message: `is not an Azure tag value: up to ${AZURE_TAG_VALUE_MAX} characters, no control characters` });
      }
    }
  })
  .describe("Extra tags on every resource: Azure's rules, names up to 512 characters without < > % & \\ ? /, values up to 256.");
