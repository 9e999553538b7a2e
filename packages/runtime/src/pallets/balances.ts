/**
 * pallet_balances over System.Account: transfers with Substrate's existential-deposit rules
 * (an account below 500 rao is reaped and its dust burned), total issuance, and the helpers other
 * pallets move TAO with (mint, burn, withdraw for fees).
 */
import {
  DispatchError,
  InvalidTransaction,
  ensureRoot,
  ensureSigned,
  tokenError,
} from '../frame/dispatch.js';
import { Pallet, call, type Context } from '../frame/pallet.js';
import { account, putAccount } from '../frame/system.js';
import { storageValue } from '../storage/items.js';
import type { ReadableStorage, WritableStorage } from '../storage/kv.js';
import {
  AccountId32,
  Balance,
  MultiAddressType,
  type AccountId,
  type MultiAddressValue,
} from '../types/substrate.js';
import { bool, compact, u64 } from '../types/type.js';

const P = 'Balances';
export const EXISTENTIAL_DEPOSIT = 500n;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

export const BalancesStorage = {
  TotalIssuance: storageValue(P, 'TotalIssuance', Balance, {
    default: 0n,
    docs: ['The total units issued in the system.'],
  }),
  InactiveIssuance: storageValue(P, 'InactiveIssuance', Balance, {
    default: 0n,
    docs: ['The total units of outstanding deactivated balance.'],
  }),
};

/**
 * Listeners told when TAO leaves existence inside Balances (dust of a reaped account, a fee with
 * nobody to receive it), so ledgers that count all TAO (SubtensorModule.TotalIssuance) follow.
 */
type IssuanceListener = (storage: WritableStorage, amount: bigint) => void;
const destroyedListeners: IssuanceListener[] = [];

export function onTaoDestroyed(listener: IssuanceListener): void {
  destroyedListeners.push(listener);
}

function destroyed(storage: WritableStorage, amount: bigint): void {
  BalancesStorage.TotalIssuance.update(storage, [], (t) => t - amount);
  for (const listener of destroyedListeners) listener(storage, amount);
}

/** Listeners told when TAO comes into existence inside Balances outside emission (root minting). */
const createdListeners: IssuanceListener[] = [];

export function onTaoCreated(listener: IssuanceListener): void {
  createdListeners.push(listener);
}

function created(storage: WritableStorage, amount: bigint): void {
  BalancesStorage.TotalIssuance.update(storage, [], (t) => t + amount);
  for (const listener of createdListeners) listener(storage, amount);
}

export function freeBalance(storage: ReadableStorage, who: AccountId): bigint {
  return account(storage, who).data.free;
}

export function totalIssuance(storage: ReadableStorage): bigint {
  return BalancesStorage.TotalIssuance.get(storage);
}

/** Resolve a MultiAddress to an account id (only the Id form names an account here). */
export function lookup(address: MultiAddressValue): AccountId {
  if (address.tag === 'Id') return address.value;
  if (address.tag === 'Address32') return address.value;
  throw new DispatchError({ tag: 'CannotLookup', value: undefined }, 'CannotLookup');
}

/**
 * Set an account's free balance, keeping Substrate's provider rules: reaching the existential
 * deposit creates the account (one provider), falling below it reaps the account and burns the
 * dust. Returns the dust burned.
 */
function setFree(storage: WritableStorage, who: AccountId, free: bigint, ctx?: Context): bigint {
  const info = account(storage, who);
  const wasAlive = info.providers > 0;
  if (free >= EXISTENTIAL_DEPOSIT || info.data.reserved > 0n) {
    const providers = wasAlive ? info.providers : info.providers + 1;
    putAccount(storage, who, { ...info, providers, data: { ...info.data, free } });
    if (!wasAlive && ctx) {
      ctx.deposit(systemInfo, { tag: 'NewAccount', value: { account: who } });
      ctx.deposit(balances, { tag: 'Endowed', value: { account: who, free_balance: free } });
    }
    return 0n;
  }
  // Below the existential deposit: the remainder is dust and the account goes away.
  if (free > 0n) destroyed(storage, free);
  if (wasAlive || info.nonce > 0) {
    const providers = Math.max(0, info.providers - (wasAlive ? 1 : 0));
    const remaining = { ...info, providers, data: { ...info.data, free: 0n } };
    if (providers === 0 && info.consumers === 0 && info.sufficients === 0) {
      SystemAccountRemove(storage, who);
      if (wasAlive && ctx) ctx.deposit(systemInfo, { tag: 'KilledAccount', value: { account: who } });
    } else {
      putAccount(storage, who, remaining);
    }
  }
  if (free > 0n && ctx) ctx.deposit(balances, { tag: 'DustLost', value: { account: who, amount: free } });
  return free;
}

const systemInfo = { name: 'System', index: 0 };

function SystemAccountRemove(storage: WritableStorage, who: AccountId): void {
  putAccount(storage, who, {
    nonce: 0,
    consumers: 0,
    providers: 0,
    sufficients: 0,
    data: { free: 0n, reserved: 0n, frozen: 0n, flags: 0n },
  });
}

export type Preservation = 'Expendable' | 'Preserve';

/** Move `amount` between accounts; token errors as pallet_balances reports them. */
export function transfer(
  ctx: Context,
  from: AccountId,
  to: AccountId,
  amount: bigint,
  preservation: Preservation,
): void {
  const { storage } = ctx;
  const source = freeBalance(storage, from);
  if (amount > source) throw tokenError('FundsUnavailable');
  const remaining = source - amount;
  if (preservation === 'Preserve' && remaining < EXISTENTIAL_DEPOSIT && amount > 0n)
    throw tokenError('NotExpendable');
  if (sameAccount(from, to) || amount === 0n) {
    balances.emit(ctx, 'Transfer', { from, to, amount });
    return;
  }
  const destination = freeBalance(storage, to);
  if (destination + amount < EXISTENTIAL_DEPOSIT) throw tokenError('BelowMinimum');
  if (destination + amount > U64_MAX)
    throw new DispatchError({ tag: 'Arithmetic', value: { tag: 'Overflow', value: undefined } });
  setFree(storage, from, remaining, ctx);
  setFree(storage, to, destination + amount, ctx);
  balances.emit(ctx, 'Transfer', { from, to, amount });
}

function sameAccount(a: AccountId, b: AccountId): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Create new TAO in an account (genesis, emission paid as balance). */
export function mint(storage: WritableStorage, who: AccountId, amount: bigint, ctx?: Context): void {
  if (amount === 0n) return;
  const current = freeBalance(storage, who);
  BalancesStorage.TotalIssuance.update(storage, [], (t) => t + amount);
  setFree(storage, who, current + amount, ctx);
}

/**
 * Remove TAO from an account and from issuance (it leaves the balances ledger: staked, locked
 * or recycled). Fails with the given error when the account cannot cover it.
 */
export function burnFrom(
  ctx: Context,
  who: AccountId,
  amount: bigint,
  insufficient: DispatchError,
  preservation: Preservation = 'Expendable',
): void {
  const { storage } = ctx;
  const current = freeBalance(storage, who);
  if (amount > current) throw insufficient;
  if (preservation === 'Preserve' && current - amount < EXISTENTIAL_DEPOSIT && amount > 0n)
    throw insufficient;
  BalancesStorage.TotalIssuance.update(storage, [], (t) => t - amount);
  setFree(storage, who, current - amount, ctx);
}

/**
 * Charge a transaction fee: the payer must stay alive (Preservation::Preserve, as Substrate's
 * fee withdrawal); the fee goes to the block author, or is burned when there is none.
 */
export function chargeFee(
  storage: WritableStorage,
  who: AccountId,
  fee: bigint,
  author: AccountId | undefined,
): void {
  if (fee === 0n) return;
  const current = freeBalance(storage, who);
  if (current < fee || current - fee < EXISTENTIAL_DEPOSIT)
    throw new InvalidTransaction('Payment', `balance ${current} cannot pay fee ${fee}`);
  setFree(storage, who, current - fee);
  if (author !== undefined && freeBalance(storage, author) + fee >= EXISTENTIAL_DEPOSIT) {
    setFree(storage, author, freeBalance(storage, author) + fee);
  } else {
    destroyed(storage, fee);
  }
}

export const balances: Pallet = new Pallet({
  name: P,
  index: 5,
  docs: ['Balances of TAO on accounts.'],
  storage: Object.values(BalancesStorage),
  calls: [
    call<{ dest: MultiAddressValue; value: bigint }>({
      name: 'transfer_allow_death',
      index: 0,
      args: [
        ['dest', MultiAddressType, 'AccountIdLookupOf<T>'],
        ['value', compact(u64), 'T::Balance'],
      ],
      docs: ['Transfer some liquid free balance to another account; the sender may be reaped.'],
      weight: () => 50_000_000n,
      dispatch: (ctx, origin, { dest, value }) =>
        transfer(ctx, ensureSigned(origin), lookup(dest), value, 'Expendable'),
    }),
    call<{ source: MultiAddressValue; dest: MultiAddressValue; value: bigint }>({
      name: 'force_transfer',
      index: 2,
      args: [
        ['source', MultiAddressType, 'AccountIdLookupOf<T>'],
        ['dest', MultiAddressType, 'AccountIdLookupOf<T>'],
        ['value', compact(u64), 'T::Balance'],
      ],
      docs: ['Exactly as `transfer_allow_death`, except the origin must be root and the source is given.'],
      weight: () => 55_000_000n,
      dispatch: (ctx, origin, { source, dest, value }) => {
        ensureRoot(origin);
        transfer(ctx, lookup(source), lookup(dest), value, 'Expendable');
      },
    }),
    call<{ dest: MultiAddressValue; value: bigint }>({
      name: 'transfer_keep_alive',
      index: 3,
      args: [
        ['dest', MultiAddressType, 'AccountIdLookupOf<T>'],
        ['value', compact(u64), 'T::Balance'],
      ],
      docs: ['Transfer, refusing to take the sender below the existential deposit.'],
      weight: () => 40_000_000n,
      dispatch: (ctx, origin, { dest, value }) =>
        transfer(ctx, ensureSigned(origin), lookup(dest), value, 'Preserve'),
    }),
    call<{ dest: MultiAddressValue; keep_alive: boolean }>({
      name: 'transfer_all',
      index: 4,
      args: [
        ['dest', MultiAddressType, 'AccountIdLookupOf<T>'],
        ['keep_alive', bool, 'bool'],
      ],
      docs: [
        'Transfer the entire transferable balance (all of it, or all but the existential deposit with keep_alive).',
      ],
      weight: () => 50_000_000n,
      dispatch: (ctx, origin, { dest, keep_alive }) => {
        const who = ensureSigned(origin);
        const free = freeBalance(ctx.storage, who);
        const amount = keep_alive ? (free > EXISTENTIAL_DEPOSIT ? free - EXISTENTIAL_DEPOSIT : 0n) : free;
        transfer(ctx, who, lookup(dest), amount, keep_alive ? 'Preserve' : 'Expendable');
      },
    }),
    call<{ who: MultiAddressValue; new_free: bigint }>({
      name: 'force_set_balance',
      index: 8,
      args: [
        ['who', MultiAddressType, 'AccountIdLookupOf<T>'],
        ['new_free', compact(u64), 'T::Balance'],
      ],
      docs: ['Set the free balance of an account (root only); issuance follows.'],
      weight: () => 30_000_000n,
      dispatch: (ctx, origin, { who, new_free }) => {
        ensureRoot(origin);
        const target = lookup(who);
        const current = freeBalance(ctx.storage, target);
        // Both issuance ledgers follow the change (setFree then burns any dust as usual).
        if (new_free > current) created(ctx.storage, new_free - current);
        else if (new_free < current) destroyed(ctx.storage, current - new_free);
        setFree(ctx.storage, target, new_free, ctx);
        balances.emit(ctx, 'BalanceSet', { who: target, free: new_free });
      },
    }),
  ],
  events: [
    {
      name: 'Endowed',
      fields: [
        ['account', AccountId32, 'T::AccountId'],
        ['free_balance', Balance, 'T::Balance'],
      ],
      docs: ['An account was created with some free balance.'],
    },
    {
      name: 'DustLost',
      fields: [
        ['account', AccountId32, 'T::AccountId'],
        ['amount', Balance, 'T::Balance'],
      ],
      docs: ['An account was removed whose balance was non-zero but below ExistentialDeposit.'],
    },
    {
      name: 'Transfer',
      fields: [
        ['from', AccountId32, 'T::AccountId'],
        ['to', AccountId32, 'T::AccountId'],
        ['amount', Balance, 'T::Balance'],
      ],
      docs: ['Transfer succeeded.'],
    },
    {
      name: 'BalanceSet',
      fields: [
        ['who', AccountId32, 'T::AccountId'],
        ['free', Balance, 'T::Balance'],
      ],
      docs: ['A balance was set by root.'],
    },
  ],
  errors: [
    { name: 'VestingBalance', docs: 'Vesting balance too high to send value.' },
    { name: 'LiquidityRestrictions', docs: 'Account liquidity restrictions prevent withdrawal.' },
    { name: 'InsufficientBalance', docs: 'Balance too low to send value.' },
    { name: 'ExistentialDeposit', docs: 'Value too low to create account due to existential deposit.' },
    { name: 'Expendability', docs: 'Transfer/payment would kill account.' },
    { name: 'ExistingVestingSchedule', docs: 'A vesting schedule already exists for this account.' },
    { name: 'DeadAccount', docs: 'Beneficiary account must pre-exist.' },
    { name: 'TooManyReserves', docs: 'Number of named reserves exceed `MaxReserves`.' },
    { name: 'TooManyHolds', docs: 'Number of holds exceed `VariantCountOf<T::RuntimeHoldReason>`.' },
    { name: 'TooManyFreezes', docs: 'Number of freezes exceed `MaxFreezes`.' },
    { name: 'IssuanceDeactivated', docs: 'The issuance cannot be modified since it is already deactivated.' },
    { name: 'DeltaZero', docs: 'The delta cannot be zero.' },
  ],
  constants: [
    {
      name: 'ExistentialDeposit',
      type: Balance,
      value: EXISTENTIAL_DEPOSIT,
      docs: ['The minimum amount required to keep an account open.'],
    },
  ],
});
