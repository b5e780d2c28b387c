// Bad Azure input: an InputError naming the field, the value and the rule (the CLI exits 2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { planSpec } from "../src/plan/index.js";
import { InputError } from "../src/spec/errors.js";

const VNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke";
const base = {
  name: "acme-prod",
  cloud: "azure",
  azure: { location: "westeurope", resourceGroup: "acme-prod-network", vnet: { addressSpace: ["10.30.0.0/16"] } },
  controlPlane: { cidrs: ["203.0.113.0/24"], awsRegion: "eu-west-1" },
};
const existing = {
  vnetId: VNET,
  subnetIds: { db: `${VNET}/subnets/db`, nodes: `${VNET}/subnets/nodes`, pods: `${VNET}/subnets/pods` },
  firewallPrivateIp: "10.0.0.4",
  publicIpId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/edge/providers/Microsoft.Network/publicIPAddresses/cp",
};

/** The error message of parsing and planning a spec whose azure part is `azure` merged over the base. */
function problem(azure: object, root: object = {}): string {
  const input = { ...base, ...root, azure: { ...base.azure, ...azure } } as SpecInput;
  try {
    planSpec(parseSpec(input));
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.message;
  }
  assert.fail("no InputError");
}

test("a pods subnet with fewer than 2000 usable addresses is planned: the seed recommends 2000, so DPN-AZ-003 warns", () => {
  const plan = planSpec(parseSpec({ ...base, azure: { ...base.azure, subnets: { pods: { prefix: 22 } } } } as SpecInput));
  assert.deepStrictEqual(
    plan.summary.subnets.map((s) => [s.tier, s.cidr]),
    [
      ["db", "10.30.5.0/28"],
      ["node", "10.30.4.0/24"],
      ["pod", "10.30.0.0/22"],
    ],
  );
});

test("a db subnet smaller than /28", () => {
  assert.equal(
    problem({ subnets: { db: { prefix: 29 } } }),
    "azure.subnets.db.prefix: 29 is smaller than a /28: the PostgreSQL flexible server subnet needs at least a /28 (11 usable addresses)",
  );
  assert.equal(problem({ subnets: { nodes: { prefix: 30 } } }), "azure.subnets.nodes.prefix: 30 is outside the /2 to /29 Azure allows for a subnet");
});

test("overlapping address space", () => {
  assert.equal(
    problem({ vnet: { addressSpace: ["10.30.0.0/16", "10.30.128.0/17"] } }),
    "azure.vnet.addressSpace[1]: 10.30.128.0/17 overlaps azure.vnet.addressSpace[0] 10.30.0.0/16: a VNet's address ranges must not overlap",
  );
  assert.equal(
    problem({ vnet: { addressSpace: ["169.254.0.0/16"] } }),
    "azure.vnet.addressSpace[0]: 169.254.0.0/16 overlaps 169.254.0.0/16, which Azure reserves and does not allow in a VNet",
  );
});

test("an address space too small for the subnets", () => {
  assert.equal(
    problem({ vnet: { addressSpace: ["10.30.0.0/22"] } }),
    'azure.vnet.addressSpace: ["10.30.0.0/22"] cannot hold the pods /21, nodes /24, db /28 subnets: they need 2320 addresses, at least a /20',
  );
});

test("customerManaged without subnet ids, or without existing at all", () => {
  const { subnetIds: _, ...withoutSubnets } = existing;
  assert.equal(problem({ mode: "customerManaged", vnet: undefined, existing: withoutSubnets }), "azure.existing.subnetIds: is required (a mapping)");
  assert.equal(
    problem({ mode: "customerManaged", vnet: undefined }),
    "azure.existing: is required in customerManaged mode: the resource ids of your VNet, subnets (subnetIds), firewall IP and public IP",
  );
});

test("customerManaged ids that do not fit together", () => {
  const wrong = {
    ...existing,
    subnetIds: {
      ...existing.subnetIds,
      pods: existing.subnetIds.nodes,
      db: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/other/subnets/db",
    },
  };
  assert.equal(
    problem({ mode: "customerManaged", vnet: undefined, existing: wrong }),
    [
      `azure.existing.subnetIds.db: ${wrong.subnetIds.db} is not a subnet of vnetId ${VNET}`,
      `azure.existing.subnetIds.pods: ${VNET}/subnets/nodes is also the nodes subnet: db, nodes and pods need a subnet each`,
    ].join("\n"),
  );
  assert.equal(
    problem({
      mode: "customerManaged",
      vnet: undefined,
      existing: {
        ...existing,
        publicIpId: "/subscriptions/22222222-2222-3333-4444-555555555555/resourceGroups/edge/providers/Microsoft.Network/publicIPAddresses/cp",
      },
    }),
    "azure.existing.publicIpId: /subscriptions/22222222-2222-3333-4444-555555555555/resourceGroups/edge/providers/Microsoft.Network/publicIPAddresses/cp is not in the VNet's subscription 11111111-2222-3333-4444-555555555555",
  );
  assert.equal(
    problem({ mode: "customerManaged", vnet: undefined, existing: { ...existing, vnetId: "spoke" } }),
    "azure.existing.vnetId: spoke is not a VNet resource id (/subscriptions/<subscription guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>, names of letters, digits, _ . -)",
  );
});

test("mixing the modes' fields", () => {
  assert.equal(
    problem({ mode: "customerManaged", existing }),
    'azure.vnet: {"addressSpace":["10.30.0.0/16"]} is only for managed mode: in customerManaged mode the address space is your VNet\'s',
  );
  assert.match(
    problem({ existing }),
    /^azure\.existing: \{"vnetId":.*\.\.\. is only for customerManaged mode: in managed mode dpnet creates the VNet, subnets and public IP$/,
  );
  assert.equal(problem({ vnet: undefined }), "azure.vnet: is required in managed mode: the VNet's address space (vnet.addressSpace)");
});

test("an unknown or repeated private endpoint kind", () => {
  assert.equal(
    problem({ privateEndpoints: ["blob", "sql"] }),
    "azure.privateEndpoints[1]: sql must be one of blob, dfs, file, queue, table, vault, acr, postgres",
  );
  assert.equal(problem({ privateEndpoints: ["blob", "blob"] }), "azure.privateEndpoints[1]: blob is listed twice");
});

test("the control plane's AWS region: required in customerManaged mode (the firewall's SQS and STS rules), an AWS region name", () => {
  const customerManaged = { mode: "customerManaged", vnet: undefined, existing };
  assert.equal(
    problem(customerManaged, { controlPlane: { cidrs: ["203.0.113.0/24"] } }),
    "controlPlane.awsRegion: is required in customerManaged mode: your firewall must allow sqs.<region> and sts.<region> of the control plane's AWS region",
  );
  assert.equal(
    problem({}, { controlPlane: { cidrs: ["203.0.113.0/24"], awsRegion: "westeurope" } }),
    "controlPlane.awsRegion: westeurope is not an AWS region name like eu-west-1",
  );
});

test("the control plane on Azure: internet only, from given addresses", () => {
  assert.equal(
    problem({}, { controlPlane: { connectivity: "privatelink", cidrs: ["203.0.113.0/24"] } }),
    "controlPlane.connectivity: privatelink is not available on Azure: the control plane reaches an AKS data plane through its public IP (internet)",
  );
  assert.equal(
    problem({}, { controlPlane: {} }),
    "controlPlane.cidrs: is required on Azure: the only sources the public IP admits on the control plane's port",
  );
});

test("the CLI exits 2 with the message and writes nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-azure-"));
  const spec = join(dir, "bad.yaml");
  writeFileSync(
    spec,
    "name: acme-prod\ncloud: azure\nazure:\n  location: westeurope\n  resourceGroup: rg\n  vnet: { addressSpace: [10.30.0.0/16] }\n  subnets: { db: { prefix: 29 } }\ncontrolPlane: { cidrs: [203.0.113.0/24] }\n",
  );
  const bin = new URL("../../bin/dpnet.js", import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, "synth", spec, "-o", join(dir, "out")], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    "azure.subnets.db.prefix: 29 is smaller than a /28: the PostgreSQL flexible server subnet needs at least a /28 (11 usable addresses)\n",
  );
  assert.ok(!existsSync(join(dir, "out")));
});
