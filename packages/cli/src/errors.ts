/**
 * The CLI's error vocabulary: typed errors the framework raises, the structural shape of errors other
 * packages raise (so this package need not import the SDK to understand them), and the table that turns a
 * chain error name into one line of explanation and one hint.
 */

/**
 * An expected CLI failure. Not derived from `TaoError` (@tao-ts/primitives) on purpose: the fast start-up
 * path must not load the primitives package, and errors are recognised structurally (`code`) anyway,
 * because a bundled CLI and the TypeScript sources can hold two copies of any class.
 */
export class CliError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly hint: string | undefined;
  /** Process exit status: 1 for failures, 2 for usage errors, 130 when the user cancelled. */
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    options: { field?: string; hint?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad command line: unknown option, missing argument, malformed value. */
export class UsageError extends CliError {
  constructor(message: string, options: { field?: string; hint?: string; cause?: unknown } = {}) {
    super('USAGE', message, { ...options, exitCode: 2 });
  }
}

/** A flag, environment variable or config value that does not validate; the message names it. */
export class InvalidSettingError extends CliError {
  constructor(field: string, message: string, hint?: string) {
    super('INVALID_SETTING', `${field}: ${message}`, hint === undefined ? { field } : { field, hint });
  }
}

/** The config file exists but cannot be read or parsed. */
export class ConfigFileError extends CliError {
  constructor(path: string, message: string, cause?: unknown) {
    super('CONFIG_FILE', `config file ${path}: ${message}`, {
      field: 'config',
      hint: `fix or delete the file, or point TAO_CONFIG at another one`,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** The user answered no to a confirmation, or a prompt was needed where none can be shown. */
export class CancelledError extends CliError {
  constructor(message = 'cancelled') {
    super('CANCELLED', message, { exitCode: 130 });
  }
}

/** A prompt was needed but stdin is closed or not interactive. */
export class PromptUnavailableError extends CliError {
  constructor(what: string) {
    super('PROMPT_UNAVAILABLE', `${what}: no answer (stdin is closed or not a terminal)`, {
      hint: 'pass --no-prompt (-y) to skip confirmations, or give the value as a flag',
    });
  }
}

/** The node at `url` could not be reached. */
export class NodeUnreachableError extends CliError {
  readonly url: string;
  constructor(url: string, cause?: unknown) {
    super('NODE_UNREACHABLE', `cannot reach a node at ${url}`, {
      field: 'network',
      hint: `start one with 'tao node --dev', or choose another with --network (local, test, finney or a ws:// URL)`,
      ...(cause === undefined ? {} : { cause }),
    });
    this.url = url;
  }
}

// ---- structural shapes of errors from other packages ---------------------------------------------

/** Any error carrying a stable code: `TaoError` and its subclasses, Node system errors, `CliError`. */
export interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly field?: string | undefined;
  readonly hint?: string | undefined;
}

/**
 * What the SDK's `ChainCallError` is expected to carry: the dispatch error as the chain reports it.
 * `errorName` (or `name` when it is not the JS class name) is the pallet error variant, e.g.
 * 'NotEnoughBalanceToStake'; `docs` are the metadata doc lines for it.
 */
export interface ChainCallErrorLike extends CodedError {
  readonly errorName?: string | undefined;
  readonly pallet?: string | undefined;
  readonly docs?: string | readonly string[] | undefined;
}

export function isCodedError(error: unknown): error is CodedError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** The chain error variant an error carries, if any. */
export function chainErrorName(error: CodedError): string | undefined {
  const e = error as ChainCallErrorLike;
  if (typeof e.errorName === 'string' && e.errorName.length > 0) return e.errorName;
  return undefined;
}

// Node's socket errors and the usual WebSocket failures: all mean "nobody answered at that URL".
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'NODE_UNREACHABLE',
  'CONNECTION_FAILED',
  'CHAIN_CONNECTION_FAILED',
]);

export function isUnreachable(error: CodedError): boolean {
  return UNREACHABLE_CODES.has(error.code);
}

// ---- chain error names → explanation and hint ----------------------------------------------------

export interface ChainErrorExplanation {
  readonly explanation: string;
  readonly hint: string;
}

const E = (explanation: string, hint: string): ChainErrorExplanation => ({ explanation, hint });

/**
 * SubtensorModule, AdminUtils, Balances and transaction-validity errors users actually meet, keyed by the
 * variant name. Names not listed fall back to the docs the error carries.
 */
export const CHAIN_ERRORS: Readonly<Record<string, ChainErrorExplanation>> = {
  // balances and fees
  NotEnoughBalanceToStake: E(
    'the coldkey has less free balance than the amount to stake',
    "check it with 'tao wallet balance' and stake less (fees come out of the free balance too)",
  ),
  InsufficientBalance: E(
    'the account does not have enough free balance for this',
    "check it with 'tao wallet balance'; on a dev chain fund it with 'tao wallet transfer' from //Alice",
  ),
  BalanceWithdrawalError: E(
    'the amount could not be withdrawn from the coldkey',
    'leave at least the existential deposit (500 rao) and enough for the fee',
  ),
  ZeroBalanceAfterWithdrawn: E(
    'the withdrawal would leave the account below the existential deposit',
    'keep at least 500 rao, or move everything with --all',
  ),
  Expendability: E(
    'the transfer would reap the sending account',
    'send a little less, or pass --allow-death if emptying the account is intended',
  ),
  FundsUnavailable: E('the funds are locked or reserved', 'unstake or wait for locks to expire'),
  Payment: E('the account cannot pay the transaction fee', 'fund the coldkey with a little TAO first'),
  CannotAffordLockCost: E(
    'the coldkey cannot pay the subnet registration lock cost',
    "see the current cost with 'tao subnets burn-cost' (lock cost) and fund the coldkey",
  ),
  NotEnoughBalanceToPaySwapHotKey: E('the coldkey cannot pay the hotkey swap cost', 'fund the coldkey'),
  // stake
  NotEnoughStake: E('the hotkey does not hold enough stake for this', "check with 'tao stake list'"),
  NotEnoughStakeToWithdraw: E(
    'you asked to unstake more than is staked',
    "see the staked amount with 'tao stake list' and remove at most that",
  ),
  NotEnoughStakeToSetWeights: E(
    "the validator's stake is below the subnet's minimum for setting weights",
    "stake more to the hotkey ('tao stake add'); see the minimum in 'tao subnets hyperparameters'",
  ),
  AmountTooLow: E(
    'the amount is below the minimum stake operation',
    'use a larger amount (at least the minimum stake, 0.0005 TAO by default)',
  ),
  SlippageTooHigh: E(
    'the price moved beyond the allowed tolerance',
    'retry, raise --tolerance, or allow partial stake with --allow-partial-stake',
  ),
  InsufficientLiquidity: E('the subnet pool does not have enough liquidity', 'use a smaller amount'),
  StakingRateLimitExceeded: E('staking operations on this hotkey are rate-limited', 'wait a block and retry'),
  NonAssociatedColdKey: E(
    'the hotkey belongs to a different coldkey',
    'use the wallet that owns the hotkey, or register the hotkey first',
  ),
  StakeUnavailable: E('that stake is locked', 'unlock it first or use other stake'),
  TransferDisallowed: E('this subnet does not allow stake transfers', 'move stake within the subnet instead'),
  SubtokenDisabled: E(
    'the subnet has not been started, so its token cannot be traded yet',
    "the subnet owner must run 'tao subnets start' first",
  ),
  // registration
  HotKeyAlreadyRegisteredInSubNet: E(
    'this hotkey is already registered on the subnet',
    'use another hotkey (--wallet.hotkey) or skip registration',
  ),
  TooManyRegistrationsThisBlock: E(
    'the subnet took its maximum registrations for this block',
    'retry next block',
  ),
  TooManyRegistrationsThisInterval: E(
    'the subnet reached its registration limit for this interval',
    'wait for the next interval (see target_regs_per_interval in hyperparameters)',
  ),
  SubNetRegistrationDisabled: E(
    'registration is disabled on this subnet',
    'ask the subnet owner to enable it',
  ),
  RegistrationNotPermittedOnRootSubnet: E(
    'neurons cannot register on the root subnet (netuid 0)',
    'choose another --netuid',
  ),
  RegistrationPriceLimitExceeded: E(
    'the burn cost rose above your limit',
    "check 'tao subnets burn-cost' and retry",
  ),
  InvalidWorkBlock: E('the PoW block is in the future or too old', 'solve again against a recent block'),
  InvalidDifficulty: E(
    'the PoW solution does not meet the difficulty',
    'solve again; the difficulty may have changed',
  ),
  InvalidSeal: E('the PoW seal does not match the work', 'solve again with the same hotkey and coldkey'),
  NoNeuronIdAvailable: E('the subnet is full and nothing can be pruned', 'retry later or register elsewhere'),
  SubnetNotExists: E('no subnet has that netuid', "list subnets with 'tao subnets list'"),
  MechanismDoesNotExist: E('the subnet has no such mechanism', 'check the mechanism id'),
  HotKeyNotRegisteredInSubNet: E(
    'the hotkey is not registered on this subnet',
    "register it with 'tao subnets register --netuid <n>'",
  ),
  HotKeyNotRegisteredInNetwork: E(
    'the hotkey is not registered on any subnet',
    "register it with 'tao subnets register'",
  ),
  HotKeyAccountNotExists: E('the hotkey is unknown to the chain', 'register it or check the address'),
  // subnets
  NetworkTxRateLimitExceeded: E(
    'subnet creation is rate-limited',
    'wait until the network rate limit passes (see NetworkRateLimit)',
  ),
  SubnetLimitReached: E('the subnet limit is reached and none can be pruned', 'retry later'),
  NotSubnetOwner: E('only the subnet owner may do this', 'use the coldkey that created the subnet'),
  FirstEmissionBlockNumberAlreadySet: E('the subnet is already started', 'nothing to do'),
  NeedWaitingMoreBlocksToStarCall: E(
    'the subnet cannot be started yet',
    'wait for the start-call delay after registration, then retry',
  ),
  InvalidIdentity: E('the identity fields are invalid or too long', 'shorten the fields and retry'),
  // weights
  SettingWeightsTooFast: E(
    'weights were set too recently from this hotkey',
    'wait weights_rate_limit blocks since your last set (see hyperparameters) and retry',
  ),
  CommittingWeightsTooFast: E(
    'weights were committed too recently',
    'wait weights_rate_limit blocks and retry',
  ),
  CommitRevealEnabled: E(
    'this subnet uses commit-reveal, so plain set_weights is refused',
    "use 'tao weights commit' then 'tao weights reveal'",
  ),
  CommitRevealDisabled: E('commit-reveal is off on this subnet', "use 'tao weights set'"),
  NoWeightsCommitFound: E(
    'there is no commit to reveal for this hotkey',
    "commit first with 'tao weights commit'",
  ),
  InvalidRevealCommitHashNotMatch: E(
    'the reveal does not match the commit',
    'reveal exactly the uids, weights, salt and version key you committed',
  ),
  RevealTooEarly: E('the reveal window has not opened yet', 'wait for the reveal period and retry'),
  ExpiredWeightCommit: E('the commit expired before it was revealed', 'commit again and reveal in time'),
  TooManyUnrevealedCommits: E(
    'there are too many unrevealed commits',
    'reveal or wait for old commits to expire',
  ),
  WeightVecNotEqualSize: E('uids and weights have different lengths', 'give one weight per uid'),
  DuplicateUids: E('a uid appears twice in the weights', 'list each uid once'),
  UidVecContainInvalidOne: E(
    'a uid in the weights is not on the subnet',
    "check uids with 'tao subnets metagraph'",
  ),
  WeightVecLengthIsLow: E(
    'too few weights for the subnet minimum',
    'set weights on more uids (min_allowed_weights)',
  ),
  MaxWeightExceeded: E('a weight is above the subnet maximum', 'normalise weights (max_weight_limit)'),
  NeuronNoValidatorPermit: E(
    'the hotkey has no validator permit, so it may only weight itself',
    'stake more to earn a permit, or set a self-weight',
  ),
  IncorrectWeightVersionKey: E(
    "the version key is below the subnet's weights_version",
    "pass the subnet's current version key (see hyperparameters)",
  ),
  // delegates and children
  DelegateTakeTooLow: E('the take is below the minimum', 'choose a higher take'),
  DelegateTakeTooHigh: E('the take is above the maximum (18%)', 'choose a lower take'),
  DelegateTxRateLimitExceeded: E('take changes are rate-limited', 'wait and retry'),
  TxRateLimitExceeded: E('this account is rate-limited', 'wait a few blocks and retry'),
  InvalidChild: E('that child hotkey is invalid', 'a hotkey cannot be its own child'),
  TooManyChildren: E('too many child hotkeys (at most 5)', 'remove some children'),
  // serving
  InvalidIpAddress: E('the IP address is invalid', 'give a public IPv4 or IPv6 address'),
  InvalidPort: E('the port is invalid', 'give a port between 1 and 65535'),
  ServingRateLimitExceeded: E(
    'serving info was updated too recently',
    'wait serving_rate_limit blocks and retry',
  ),
  // admin
  RequireSudo: E('only the sudo key may do this', 'sign with the sudo coldkey (//Alice on a dev chain)'),
  BadOrigin: E('the signer is not allowed to make this call', 'sign with the owner or sudo key'),
  AdminActionProhibitedDuringWeightsWindow: E(
    'hyperparameters cannot change during the weights window',
    'retry after the epoch boundary',
  ),
  InvalidValue: E('the value is out of range for this parameter', 'check the allowed range and retry'),
  POWRegistrationDisabled: E(
    'proof-of-work registration is switched off (subtensor deprecated it for new subnets)',
    "register by burn instead: 'tao subnets register --netuid <n>' without --pow",
  ),
};

/** One-line explanation and hint for a chain error, from the table or the error's own docs. */
export function explainChainError(error: ChainCallErrorLike): ChainErrorExplanation | undefined {
  const name = chainErrorName(error);
  if (name === undefined) return undefined;
  const known = CHAIN_ERRORS[name];
  if (known !== undefined) return known;
  const docs = typeof error.docs === 'string' ? error.docs : error.docs?.join(' ');
  const explanation =
    docs !== undefined && docs.trim().length > 0 ? docs.trim() : 'the chain refused the call';
  return { explanation, hint: 'see the subtensor documentation for this error' };
}
