// Provider versions the emitted modules pin. They are the versions of the provider schemas in
// schema/provider-schema.json (a test keeps the two equal), so what we check is what users get.
export const PROVIDERS = {
  aws: { source: "hashicorp/aws", version: "6.66.0" },
  azurerm: { source: "hashicorp/azurerm", version: "4.73.0" },
} as const;

/** `~> 6.66`: the schema's minor version or a later one of the same major version. */
export function versionConstraint(provider: keyof typeof PROVIDERS): string {
  const [major, minor] = PROVIDERS[provider].version.split(".");
  return `~> ${major}.${minor}`;
}
