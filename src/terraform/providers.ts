// Provider versions the emitted modules pin. They are the versions of the provider schemas in
// schema/provider-schema.json (a test keeps the two equal), so what we check is what users get.
import { block, type Expr, type TfModule, type Value } from "./ir.js";

// `oldest` is the oldest version the modules are known to work with: aws 5.100.0 is the version the
// real-terraform harness (test/terraform-real.test.ts) runs validate and plan against.
export const PROVIDERS = {
  aws: { source: "hashicorp/aws", version: "6.66.0", oldest: "5.100" },
  azurerm: { source: "hashicorp/azurerm", version: "4.73.0", oldest: undefined },
} as const;

/**
 * `>= 5.100, < 7.0` when an older major version is tested too, else `~> 4.73`: the schema's minor
 * version or a later one of the same major version.
 */
export function versionConstraint(provider: keyof typeof PROVIDERS): string {
  const { version, oldest } = PROVIDERS[provider];
  const [major, minor] = version.split(".");
  return oldest ? `>= ${oldest}, < ${Number(major) + 1}.0` : `~> ${major}.${minor}`;
}

/** The module's `terraform` block in versions.tf: the Terraform version and the pinned providers it uses. */
export function addRequiredProviders(module: TfModule, providers: (keyof typeof PROVIDERS)[]): void {
  const required = Object.fromEntries(providers.map((p) => [p, { source: PROVIDERS[p].source, version: versionConstraint(p) }]));
  module.add({ kind: "terraform", labels: [], file: "versions.tf", body: { required_version: ">= 1.5.0", required_providers: block(required) } });
}

/**
 * The `aws` provider block in versions.tf: its region, any further arguments, and `tags` as the
 * default_tags of every resource. Both AWS modules write it (the AWS data plane, Azure's aws-async-link).
 */
export function addAwsProvider(module: TfModule, region: Value, tags: Expr, extra: { allowed_account_ids?: string[] } = {}): void {
  module.add({ kind: "provider", labels: ["aws"], file: "versions.tf", body: { region, ...extra, default_tags: block({ tags }) } });
}

/** `var.tags` of an AWS module: the provider's default_tags. */
export function addAwsTagsVariable(module: TfModule, defaults: Record<string, string>): Expr {
  return module.variable("tags", { type: "map(string)", description: "Tags for every resource (the provider's default_tags).", default: defaults });
}
