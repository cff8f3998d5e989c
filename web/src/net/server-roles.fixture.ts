// For tests only: the server's role table read from the text of
// src/core/roles.cpp, so browser tests check themselves against the table
// the server actually uses instead of a copy. Callers read the file; this
// module stays free of Node so both tsconfigs accept it.

export interface ServerRoleTable {
  /** The capabilities' wire names, in the enum's order (kCapabilityNames). */
  capabilityNames: string[];
  /** Each role's name (RoleTable) and its capabilities as GET /api/me sends them: wire names in the enum's order. */
  roles: Map<string, string[]>;
}

/** Throws when `source` does not hold both tables in the shape roles.cpp writes them. */
export function parseServerRoleTable(source: string): ServerRoleTable {
  const wireName = new Map<string, string>();
  const namesBlock = /kCapabilityNames\s*=\s*\{\{([\s\S]*?)\}\};/.exec(source)?.[1];
  if (!namesBlock) throw new Error('roles.cpp: kCapabilityNames not found');
  for (const match of namesBlock.matchAll(/\{C::(k\w+),\s*"(\w+)"\}/g)) wireName.set(match[1], match[2]);

  const tableBlock = /table\s*=\s*\{([\s\S]*?)\n\s*\};/.exec(source)?.[1];
  if (!tableBlock) throw new Error('roles.cpp: RoleTable not found');
  const roles = new Map<string, string[]>();
  for (const match of tableBlock.matchAll(/\{Role::k\w+,\s*"(\w+)",\s*\{([^}]*)\}\}/g)) {
    const capabilities = [...match[2].matchAll(/C::(k\w+)/g)].map((capability) => {
      const name = wireName.get(capability[1]);
      if (!name) throw new Error(`roles.cpp: ${capability[1]} has no wire name`);
      return name;
    });
    roles.set(match[1], capabilities);
  }
  if (wireName.size === 0 || roles.size === 0) throw new Error('roles.cpp: empty table');
  const capabilityNames = [...wireName.values()];
  for (const [role, capabilities] of roles) {
    roles.set(role, capabilityNames.filter((name) => capabilities.includes(name)));
  }
  return { capabilityNames, roles };
}
