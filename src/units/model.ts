/** The unit directory's data model: what seeds/*-units.json holds and what the database stores. */

export type UnitKind = 'dept' | 'vertical' | 'town' | 'farm' | 'party' | 'enterprise' | 'other'

export interface UnitDef {
  name: string
  kind: UnitKind
  aliases: string[]
}

/** A group such as 县政府各部门: every unit of the listed kinds is a member. */
export interface GroupDef {
  name: string
  kinds: UnitKind[]
  aliases: string[]
}

/** A conditional role such as 县政府规范性文件起草单位: a unit of `scope` belongs only if it does that work. */
export interface RoleDef {
  name: string
  scope: string
}

export interface DirectoryData {
  county: string
  units: UnitDef[]
  groups: GroupDef[]
  roles: RoleDef[]
}

/** What a raw name in a table resolves to. */
export type ResolvedName =
  | { type: 'unit'; name: string; kind: UnitKind; isNew: boolean }
  | { type: 'group'; name: string }
  | { type: 'role'; name: string }
