/** Subnet identity options (btcli's `subnets create` / `set-identity` fields) and their chain form. */
import type { OptionSpec } from '../../framework/spec.js';

export interface IdentityOptions {
  subnetName?: string;
  githubRepo?: string;
  subnetContact?: string;
  subnetUrl?: string;
  discord?: string;
  description?: string;
  logoUrl?: string;
  additionalInfo?: string;
}

export const identityOptions: readonly OptionSpec[] = [
  { flags: '--subnet-name <name>', description: 'subnet name' },
  { flags: '--github-repo <url>', description: 'source repository' },
  { flags: '--subnet-contact <contact>', description: 'contact (e-mail or handle)' },
  { flags: '--subnet-url <url>', description: 'website' },
  { flags: '--discord <handle>', description: 'Discord' },
  { flags: '--description <text>', description: 'short description' },
  { flags: '--logo-url <url>', description: 'logo URL' },
  { flags: '--additional-info <text>', description: 'anything else' },
];

export function hasIdentity(o: IdentityOptions): boolean {
  return [
    o.subnetName,
    o.githubRepo,
    o.subnetContact,
    o.subnetUrl,
    o.discord,
    o.description,
    o.logoUrl,
    o.additionalInfo,
  ].some((v) => v !== undefined);
}

/** SubnetIdentityV3 field order as the chain declares it; absent fields are empty. */
export function identityFields(o: IdentityOptions): string[] {
  return [
    o.subnetName ?? '',
    o.githubRepo ?? '',
    o.subnetContact ?? '',
    o.subnetUrl ?? '',
    o.discord ?? '',
    o.description ?? '',
    o.logoUrl ?? '',
    o.additionalInfo ?? '',
  ];
}

export function identityStruct(o: IdentityOptions): Record<string, string> {
  const [subnetName, githubRepo, subnetContact, subnetUrl, discord, description, logoUrl, additional] =
    identityFields(o);
  return {
    subnetName,
    githubRepo,
    subnetContact,
    subnetUrl,
    discord,
    description,
    logoUrl,
    additional,
  } as Record<string, string>;
}
