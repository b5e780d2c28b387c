// The thin root module `dpnet synth` writes around a child module: the child has no provider
// blocks, so a platform team can call it once per account (for_each over aliased providers,
// depends_on, count); the root beside it configures the provider and calls the child once, so
// `terraform apply` in the output folder works as it is.
import { ex, type Body, TfModule } from "./ir.js";

/** Where the child module is written, relative to the root (its `source`). */
export const CHILD_MODULE_DIR = "modules/data-plane";
/** The root's name for the child: `module.data_plane.vpc_id`. */
export const CHILD_MODULE_NAME = "data_plane";

/**
 * A root that calls `child` from `./${CHILD_MODULE_DIR}`: each of the child's variables is declared
 * again (same type, default and validation) and passed through, so `-var` and tfvars work as they
 * did on the module itself; each output is passed through. `configure` adds the root's own blocks
 * (providers.tf, its variables), and `inputs` gives arguments the root sets from its own values.
 */
export function rootModuleFor(child: TfModule, configure: (root: TfModule) => void, inputs: Body = {}): TfModule {
  const root = new TfModule();
  configure(root);
  // The root's own settings read as one file: the Terraform and provider versions and the providers.
  for (const block of root.blocks) if (block.kind === "terraform" || block.kind === "provider") block.file = "providers.tf";
  const call: Body = { source: `./${CHILD_MODULE_DIR}`, ...inputs };
  for (const variable of child.variables()) {
    const name = variable.labels[0]!;
    if (name in call) continue;
    root.add({ ...variable, file: "variables.tf" });
    call[name] = ex(`var.${name}`);
  }
  root.add({ kind: "module", labels: [CHILD_MODULE_NAME], body: call, file: "main.tf" });
  for (const output of child.blocks.filter((b) => b.kind === "output")) {
    const name = output.labels[0]!;
    root.add({
      kind: "output",
      labels: [name],
      file: "outputs.tf",
      body: {
        description: output.body.description!,
        value: ex(`module.${CHILD_MODULE_NAME}.${name}`),
        ...(output.body.sensitive ? { sensitive: true } : {}),
      },
    });
  }
  return root;
}
