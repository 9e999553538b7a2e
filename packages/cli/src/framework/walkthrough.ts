/**
 * The walkthrough section of docs/cli.md: from an empty machine to a validator and a miner with weights on a
 * dev chain, one copy-pasteable command at a time. walkthrough.test.ts runs every `tao` line of its `sh`
 * blocks, in order, against a real dev node, so a change to a command that breaks the walk fails a test.
 * Placeholders in angle brackets stand for values printed by an earlier step.
 */
export const WALKTHROUGH = `## Walkthrough: from nothing to a working subnet

This walk goes from an empty machine to a validator and a miner on a subnet, with weights that pay the
miner, using only the repository. It takes about five minutes.

Start a development chain in one terminal and leave it running:

\`\`\`sh
npm ci && npm start
\`\`\`

\`npm start\` runs a dev node on \`ws://127.0.0.1:9944\` with one-second blocks. Its dev accounts (\`//Alice\`,
\`//Bob\`, …) hold τ1,000,000 each, \`//Alice\` is the sudo key, and genesis subnet 1 is ready for a quick demo:
tempo 10, proof-of-work registration on, commit-reveal off, no weights rate limit. Its state lives in a
temporary directory, so a restart begins a new chain: the wallets stay, so run this walk again from the
transfer in step 3.

In a second terminal, from the repository root, \`tao\` below means \`node packages/cli/bin/tao.mjs\` (alias it:
\`alias tao='node packages/cli/bin/tao.mjs'\`). Commands that move value or change the chain ask for
confirmation; the \`-y\` (\`--no-prompt\`) on them lets you paste whole blocks. Any command takes \`--json\` for
one machine-readable document instead of the tables shown here.

### 1. Point \`tao\` at the local chain

\`\`\`sh
tao config set network local
\`\`\`

This writes \`network = local\` (\`ws://127.0.0.1:9944\`) to \`~/.tao/config.json\`, so no command needs
\`--network\`. \`TAO_NETWORK\` or \`--network\` still override it for a single run.

### 2. Create a wallet

\`\`\`sh
tao wallet create --wallet.name owner --no-use-password
tao wallet new-hotkey --wallet.name owner --wallet.hotkey validator
tao wallet new-hotkey --wallet.name owner --wallet.hotkey miner
\`\`\`

\`owner\` gets a coldkey (it holds the funds and owns everything below) and a \`default\` hotkey; then two more
hotkeys, \`validator\` and \`miner\`. Each mnemonic is printed once: on a real network write it down. Without
\`--no-use-password\` (or with \`--use-password\`) the coldkey is encrypted and its password is asked whenever
it signs; a dev chain does not need one.

### 3. Get funds from a dev account

\`\`\`sh
tao wallet create --wallet.name alice --uri //Alice --no-use-password
tao wallet list
tao wallet transfer --wallet.name alice --dest <owner address> --amount 20000 -y
tao wallet balance --wallet.name owner
\`\`\`

The first command makes a wallet \`alice\` holding the pre-funded dev account \`//Alice\` (dev chains only).
\`tao wallet list\` shows every wallet's coldkey and hotkey addresses: copy the \`owner\` coldkey address (the
row with no hotkey) in place of \`<owner address>\`. The transfer prints the sender's balance before and after;
\`tao wallet balance\` then shows \`owner\` holding τ20000.

### 4. Create a subnet

\`\`\`sh
tao subnets create --wallet.name owner -y
tao subnets start --netuid 2 --wallet.name owner -y
tao sudo set --netuid 2 --wallet.name alice
tao sudo set tempo 10 --netuid 2 --wallet.name alice -y
tao sudo set weights_rate_limit 0 --netuid 2 --wallet.name alice -y
tao sudo set commit_reveal_weights_enabled false --netuid 2 --wallet.name alice -y
tao subnets list
\`\`\`

\`subnets create\` locks the current network cost from the \`owner\` coldkey and prints the new subnet's id (2 on
a fresh dev chain; use yours below if it differs). The owner's \`default\` hotkey becomes the owner hotkey and
takes uid 0. \`subnets start\` turns its emissions on. \`tao sudo set --netuid 2\` alone lists the settable
hyperparameters with their values and who may set each: the owner's coldkey, or the sudo key for those
marked \`sudo\`, which \`alice\` holds on a dev chain. The three changes make the subnet quick to demonstrate: an
epoch every 10 blocks, weights accepted in every block, and plain weights instead of commit-reveal (with
commit-reveal on, \`tao weights set\` commits and then reveals by itself when the reveal is due).
\`tao subnets list\` shows subnet 2 next to the others.

Your subnet accepts everything below with \`--netuid 2\`, except registration by proof of work: subtensor no
longer lets new subnets switch it on (\`tao sudo set network_pow_registration_allowed true\` fails with
\`POWRegistrationDisabled\`). Subnet 1 of the dev chain still allows it, so the rest of this walk uses
\`--netuid 1\`.

### 5. Register a validator by burn and a miner by proof of work

\`\`\`sh
tao subnets register --netuid 1 --wallet.name owner --wallet.hotkey validator -y
tao subnets register --netuid 1 --wallet.name owner --wallet.hotkey miner --pow -y
\`\`\`

The first pays the subnet's registration cost from the \`owner\` coldkey (\`tao subnets burn-cost --netuid 1\`
shows it, as does the confirmation without \`-y\`) and prints the uid the \`validator\` hotkey received. The
second solves the subnet's proof of work on all cores (a progress bar with hashes/s on a terminal, a few
seconds at the dev difficulty) and costs nothing. Note the miner's uid (2 on a fresh dev chain, where uid 0
is \`//Alice\`'s hotkey).

### 6. Stake to the validator

\`\`\`sh
tao stake add --netuid 1 --wallet.name owner --wallet.hotkey validator --amount 10000 -y
\`\`\`

This stakes τ10000 from the coldkey to the \`validator\` hotkey; the stake is held as subnet 1's α. Stake is
what earns a validator permit and gives its weights their say.

### 7. Set weights

Validator permits are handed out at the end of each epoch (every 11 blocks here). Wait until the metagraph
shows a \`*\` in the \`vpermit\` column of the validator's row (10–20 seconds):

\`\`\`sh
tao subnets metagraph --netuid 1
\`\`\`

Then give all of the validator's weight to the miner (\`<miner uid>\` is the miner's uid from step 5):

\`\`\`sh
tao weights set --netuid 1 --uids <miner uid> --weights 1 --wallet.name owner --wallet.hotkey validator -y
\`\`\`

Weights are normalised, so \`--weights 1\` (or \`--weights 100\`) gives the miner all of them.

### 8. See both in the metagraph

After the next epoch (another 10–20 seconds):

\`\`\`sh
tao subnets metagraph --netuid 1
\`\`\`

Both neurons are listed. The validator's row shows its stake, \`*\` under \`vpermit\`, its dividends and its
weights (\`<miner uid>:1.00\`). The miner's row shows the effect of those weights: consensus and incentive of
1.0 and a growing emission. \`tao subnets metagraph --netuid 1 --json\` gives the same as one JSON document
for scripts.`;
