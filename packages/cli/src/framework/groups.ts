/**
 * Command groups: the directories under src/commands. Known groups get a description, btcli's short
 * aliases and a place in the help order; a directory not listed here still works (it sorts last, its
 * description derived from its name), so a new group is also just a new directory.
 */

export const CLI_NAME = 'tao';
export const CLI_VERSION = '0.1.0';

export interface GroupInfo {
  readonly name: string;
  readonly description: string;
  readonly aliases?: readonly string[];
}

export const GROUPS: readonly GroupInfo[] = [
  {
    name: 'wallet',
    description: 'create, restore and inspect wallets; transfer TAO; sign',
    aliases: ['w', 'wallets'],
  },
  {
    name: 'subnets',
    description: 'list, create and inspect subnets; register neurons',
    aliases: ['s', 'subnet'],
  },
  { name: 'stake', description: 'add, remove and list stake', aliases: ['st'] },
  { name: 'children', description: 'child hotkeys: get, set, revoke, take' },
  { name: 'delegates', description: 'list delegates and set delegate take' },
  { name: 'weights', description: 'set, commit and reveal weights', aliases: ['wt', 'weight'] },
  {
    name: 'sudo',
    description: 'subnet hyperparameters (owner) and chain parameters (sudo)',
    aliases: ['su'],
  },
  { name: 'governance', description: 'senate and proposals' },
  { name: 'config', description: 'read and write ~/.tao/config.json', aliases: ['c', 'conf'] },
  { name: 'node', description: 'run a tao-ts chain node' },
  { name: 'localnet', description: 'start and stop a local multi-node network' },
  { name: 'utils', description: 'conversions and other helpers' },
];

export function groupInfo(name: string): GroupInfo {
  return GROUPS.find((g) => g.name === name) ?? { name, description: `${name} commands` };
}

/** Help and docs order: the table above, then unknown groups alphabetically. */
export function compareGroups(a: string, b: string): number {
  const rank = (n: string): number => {
    const i = GROUPS.findIndex((g) => g.name === n);
    return i < 0 ? GROUPS.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
