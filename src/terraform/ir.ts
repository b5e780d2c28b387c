// The Terraform IR: a module as an ordered list of top-level blocks whose bodies are plain
// values, verbatim expressions and nested blocks. Small on purpose: the HCL writer, the JSON
// view (what the HCL parser gives back), the schema check and the topology importer all read it.

/** A Terraform expression written verbatim: a reference, a function call, a for-expression. */
export class Expr {
  constructor(readonly hcl: string) {}
}

/** A quoted template string that interpolates `${...}`, e.g. `"${var.name}-public"`. */
export class Template {
  constructor(readonly text: string) {}
}

/** A nested block (`health_check { ... }`), as opposed to an object-valued attribute (`tags = {...}`). */
export class Block {
  constructor(readonly body: Body) {}
}

export type Value = string | number | boolean | null | Expr | Template | Value[] | { [key: string]: Value };

/** Attributes and nested blocks, written in insertion order. */
export type Body = { [name: string]: Value | Block | Block[] };

export type TopKind = "terraform" | "provider" | "variable" | "locals" | "module" | "resource" | "data" | "output";

export interface TopBlock {
  kind: TopKind;
  labels: string[];
  body: Body;
  /** The .tf file the block is written to. */
  file: string;
  /** One-line reasons written as `#` comments above the block. */
  comment?: string;
}

/** Shorthand for a verbatim expression: `ex("aws_vpc.network.id")`. */
export const ex = (hcl: string): Expr => new Expr(hcl);
/** Shorthand for an interpolated string: `tpl("${var.name}-public")`. */
export const tpl = (text: string): Template => new Template(text);
/** Shorthand for a nested block. */
export const block = (body: Body): Block => new Block(body);

export interface VariableSpec {
  type: string;
  description: string;
  default?: Value;
  nullable?: boolean;
  sensitive?: boolean;
  validation?: { condition: string; errorMessage: string };
}

/** A Terraform module under construction. Blocks keep the order they were added in. */
export class TfModule {
  readonly blocks: TopBlock[] = [];

  add(block: TopBlock): TopBlock {
    this.blocks.push(block);
    return block;
  }

  resource(file: string, type: string, name: string, body: Body, comment?: string): ResourceRef {
    this.add({ kind: "resource", labels: [type, name], body, file, ...(comment ? { comment } : {}) });
    return new ResourceRef(type, name);
  }

  data(file: string, type: string, name: string, body: Body, comment?: string): ResourceRef {
    this.add({ kind: "data", labels: [type, name], body, file, ...(comment ? { comment } : {}) });
    return new ResourceRef(`data.${type}`, name);
  }

  variable(name: string, spec: VariableSpec): Expr {
    const body: Body = { type: new Expr(spec.type), description: spec.description };
    if (spec.default !== undefined) body.default = spec.default;
    if (spec.nullable !== undefined) body.nullable = spec.nullable;
    if (spec.sensitive) body.sensitive = true;
    if (spec.validation) {
      body.validation = new Block({
        condition: new Expr(spec.validation.condition),
        error_message: spec.validation.errorMessage,
      });
    }
    this.add({ kind: "variable", labels: [name], body, file: "variables.tf" });
    return new Expr(`var.${name}`);
  }

  /** The variables this module declares, by name, with their bodies as written. */
  variables(): TopBlock[] {
    return this.blocks.filter((b) => b.kind === "variable");
  }

  output(name: string, value: Value, description: string, comment?: string): void {
    this.add({ kind: "output", labels: [name], body: { description, value }, file: "outputs.tf", ...(comment ? { comment } : {}) });
  }

  locals(file: string, body: Body, comment?: string): void {
    this.add({ kind: "locals", labels: [], body, file, ...(comment ? { comment } : {}) });
  }

  /** The blocks of one resource type, in order. */
  resources(type: string): TopBlock[] {
    return this.blocks.filter((b) => b.kind === "resource" && b.labels[0] === type);
  }

  /** One resource by type and name; throws if absent (a bug in a planner, not bad input). */
  get(type: string, name: string): TopBlock {
    const found = this.blocks.find((b) => b.kind === "resource" && b.labels[0] === type && b.labels[1] === name);
    if (!found) throw new Error(`no resource ${type}.${name} in module`);
    return found;
  }

  /** File names in the order they are written. */
  files(): string[] {
    return [...new Set(this.blocks.map((b) => b.file))].sort();
  }
}

/** A handle on a resource or data source for building references to it. */
export class ResourceRef {
  constructor(
    readonly address: string,
    readonly name: string,
  ) {}

  /** `aws_vpc.network.id` */
  attr(attribute: string): Expr {
    return new Expr(`${this.address}.${this.name}.${attribute}`);
  }

  /** `aws_subnet.public["eu-west-1a"].id`, or with a key expression `aws_subnet.public[each.key].id`. */
  at(key: string | Expr, attribute: string): Expr {
    const index = key instanceof Expr ? key.hcl : JSON.stringify(key);
    return new Expr(`${this.address}.${this.name}[${index}].${attribute}`);
  }

  /** The resource itself, for `depends_on`. */
  get self(): Expr {
    return new Expr(`${this.address}.${this.name}`);
  }
}
