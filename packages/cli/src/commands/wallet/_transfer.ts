/**
 * The chain side of `tao wallet transfer`: which call to make (btcli: transfer_keep_alive by default,
 * transfer_allow_death with --allow-death, transfer_all with --all), its fee estimate, the checks that
 * turn a doomed transfer into a clear error before anything is signed, and the fee actually paid.
 */
import { CliError } from '../../errors.js';
import type { ChainClient, ChainEvent } from '@tao-ts/sdk';

export interface TransferPlan {
  readonly method: 'transferKeepAlive' | 'transferAllowDeath' | 'transferAll';
  readonly args: readonly unknown[];
  /** What leaves the account besides the fee (for --all: the free balance less fee and, kept alive, the deposit). */
  readonly amount: bigint;
  readonly fee: bigint;
  readonly free: bigint;
  readonly existentialDeposit: bigint;
}

type TxBuilder = (...args: unknown[]) => {
  paymentInfo(address: string): Promise<{ partialFee: { toBigInt(): bigint } }>;
};

async function estimateFee(
  client: ChainClient,
  method: string,
  args: readonly unknown[],
  from: string,
): Promise<bigint> {
  const tx = (client.api.tx as unknown as Record<string, Record<string, TxBuilder> | undefined>)[
    'balances'
  ]?.[method];
  if (tx === undefined) return 0n;
  try {
    return (await tx(...args).paymentInfo(from)).partialFee.toBigInt();
  } catch {
    // A node without payment_queryInfo still takes the transfer; the balance check then ignores the fee.
    return 0n;
  }
}

function existentialDeposit(client: ChainClient): bigint {
  const consts = client.api.consts as unknown as Record<
    string,
    Record<string, { toBigInt?: () => bigint }> | undefined
  >;
  return consts['balances']?.['existentialDeposit']?.toBigInt?.() ?? 0n;
}

/** Works out the call and checks the balance covers it; throws INSUFFICIENT_BALANCE naming the amounts. */
export async function planTransfer(
  client: ChainClient,
  from: string,
  dest: string,
  request: { amount: bigint | undefined; all: boolean; keepAlive: boolean },
  tao: (rao: bigint) => string,
): Promise<TransferPlan> {
  const free = await client.balance(from);
  const ed = existentialDeposit(client);
  if (request.all) {
    const args = [dest, request.keepAlive];
    const fee = await estimateFee(client, 'transferAll', args, from);
    const amount = free - fee - (request.keepAlive ? ed : 0n);
    if (amount <= 0n) {
      throw new CliError(
        'INSUFFICIENT_BALANCE',
        `the coldkey ${from} holds ${tao(free)}, not enough to pay the fee (${tao(fee)})${request.keepAlive ? ' and keep the existential deposit' : ''}`,
        {
          field: '--all',
          hint: "fund the coldkey first; see 'tao wallet balance'",
        },
      );
    }
    return { method: 'transferAll', args, amount, fee, free, existentialDeposit: ed };
  }
  const amount = request.amount ?? 0n;
  const method = request.keepAlive ? 'transferKeepAlive' : 'transferAllowDeath';
  const args = [dest, amount];
  const fee = await estimateFee(client, method, args, from);
  const needed = amount + fee + (request.keepAlive ? ed : 0n);
  if (free < needed) {
    throw new CliError(
      'INSUFFICIENT_BALANCE',
      `insufficient balance: ${from} holds ${tao(free)} but sending ${tao(amount)} needs ${tao(needed)} (fee ${tao(fee)}${request.keepAlive ? `, existential deposit ${tao(ed)}` : ''})`,
      {
        field: '--amount',
        hint:
          request.keepAlive && free >= amount + fee
            ? 'send a little less, or pass --allow-death to let the account be emptied'
            : "check the balance with 'tao wallet balance' and send less, or use --all",
      },
    );
  }
  return { method, args, amount, fee, free, existentialDeposit: ed };
}

/** The amount the Balances.Transfer event reports (the truth for --all), else the planned one. */
export function transferredAmount(events: readonly ChainEvent[], planned: bigint): bigint {
  const event = events.find((e) => e.section === 'balances' && e.method === 'Transfer');
  const value = event?.data[2];
  return typeof value === 'bigint' ? value : planned;
}

/** The fee paid: TransactionPayment's event when the runtime emits it, else the free-balance difference around the block. */
export async function paidFee(
  client: ChainClient,
  from: string,
  blockHash: string | undefined,
  events: readonly ChainEvent[],
  amount: bigint,
): Promise<bigint | undefined> {
  const paid = events.find((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid');
  if (typeof paid?.data[1] === 'bigint') return paid.data[1];
  if (blockHash === undefined) return undefined;
  try {
    const api = client.api;
    const header = await api.rpc.chain.getHeader(blockHash);
    const freeAt = async (hash: string): Promise<bigint> => {
      const at = await api.at(hash);
      const account = (await at.query['system']?.['account']?.(from)) as unknown as {
        data: { free: { toBigInt(): bigint } };
      };
      return account.data.free.toBigInt();
    };
    const before = await freeAt(header.parentHash.toHex());
    const after = await freeAt(blockHash);
    const fee = before - after - amount;
    return fee >= 0n ? fee : undefined;
  } catch {
    return undefined;
  }
}
