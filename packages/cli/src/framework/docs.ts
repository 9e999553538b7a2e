/**
 * docs/cli.md, generated from the command specs so the reference cannot drift from the code:
 * `node packages/cli/bin/tao.mjs docs > docs/cli.md` (a test checks the file is current).
 */
import { commandPath, type AnyCommandSpec, type ArgumentSpec, type OptionSpec } from './spec.js';
import { CLI_NAME, compareGroups, groupInfo } from './groups.js';
import { NETWORKS } from './network.js';
import { SETTINGS } from './settings.js';
import { SWITCHES, settingDescription } from './program.js';
import { CHAIN_ERRORS } from '../errors.js';
import { WALKTHROUGH } from './walkthrough.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function code(text: string): string {
  return `\`${text}\``;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

function usage(spec: AnyCommandSpec): string {
  const args = (spec.arguments ?? []).map((a: ArgumentSpec) => {
    const name = `${a.name}${a.variadic === true ? '...' : ''}`;
    return a.required === true ? `<${name}>` : `[${name}]`;
  });
  return [CLI_NAME, ...commandPath(spec), '[options]', ...args].join(' ');
}

function optionDefault(option: OptionSpec): string {
  if (option.default !== undefined) return code(JSON.stringify(option.default));
  if (option.defaultDescription !== undefined) return option.defaultDescription;
  return option.flags.includes('<') || option.flags.includes('--no-') ? '' : '`false`';
}

function commandSection(spec: AnyCommandSpec): string {
  const parts = [`### \`${CLI_NAME} ${commandPath(spec).join(' ')}\``, '', sentence(spec.description)];
  if (spec.details !== undefined) parts.push('', spec.details);
  parts.push('', '```sh', usage(spec), '```');
  const args = spec.arguments ?? [];
  if (args.length > 0) {
    parts.push(
      '',
      table(
        ['Argument', 'Description', 'Required'],
        args.map((a) => [
          code(a.name),
          a.description + (a.choices ? ` (${a.choices.join(', ')})` : ''),
          a.required === true ? 'yes' : 'no',
        ]),
      ),
    );
  }
  const options = (spec.options ?? []).filter((o) => o.hidden !== true);
  if (options.length > 0) {
    parts.push(
      '',
      table(
        ['Option', 'Description', 'Default'],
        options.map((o) => [
          code(o.flags),
          o.description +
            (o.choices ? ` (one of ${o.choices.join(', ')})` : '') +
            (o.env ? ` (env ${o.env})` : ''),
          optionDefault(o),
        ]),
      ),
    );
  }
  if (spec.examples !== undefined && spec.examples.length > 0) {
    parts.push('', 'Examples:', '', '```sh', ...spec.examples, '```');
  }
  parts.push(
    '',
    '<details><summary>JSON output schema (<code>--json</code>)</summary>',
    '',
    '```json',
    JSON.stringify(spec.output, null, 2),
    '```',
    '',
    '</details>',
  );
  return parts.join('\n');
}

const INTRO = `# The \`tao\` command line

<!-- Generated from the command specs by \`node packages/cli/bin/tao.mjs docs > docs/cli.md\`. Do not edit. -->

\`tao\` mirrors btcli's command tree, so a Bittensor user feels at home, and adds what btcli lacks: a plain
\`weights set\`, fast start-up, one stable JSON document per command with \`--json\`, and scriptable prompts.
Run it from the repository with \`node packages/cli/bin/tao.mjs …\` (or \`npx tao …\` inside the workspace).

${WALKTHROUGH}

## Settings

Each setting comes from the first of: a flag, an environment variable, the config file, the default. The
config file is \`~/.tao/config.json\` (or the path in \`TAO_CONFIG\`), written by \`tao config set\`.
Wallets live where btcli keeps them (\`~/.bittensor/wallets\`), so both tools see the same keys.

Networks: ${Object.entries(NETWORKS)
  .map(([name, url]) => `${code(name)} = ${code(url)}`)
  .join(', ')}, or any \`ws://\` / \`wss://\` URL.`;

const OUTPUT = `## Output, prompts and errors

- Results go to stdout; notes, warnings, prompts, spinners and progress bars go to stderr. Colours and
  animations appear only on a terminal (\`NO_COLOR\` turns colours off).
- \`--json\` prints exactly one JSON document on stdout: the command's result as described by its schema
  below, with amounts in rao as decimal strings. On failure the document is
  \`{"error": {"code": …, "message": …, "hint": …}}\`.
- Commands that move value ask for confirmation unless \`--no-prompt\` (\`-y\`) is given. Answers may be
  piped in (\`printf 'y\\n' | tao …\`).
- Errors print one \`error:\` line and one \`hint:\` line, with no stack trace unless \`--debug\`.

Exit status: \`0\` success, \`1\` failure, \`2\` usage error (unknown option, bad value), \`130\` cancelled.`;

export function renderDocs(specs: readonly AnyCommandSpec[]): string {
  const visible = specs.filter((s) => s.hidden !== true);
  const globalRows = [
    ...SETTINGS.filter((s) => s.flags !== undefined).map((s) => [
      code([s.flags ?? '', ...(s.aliases ?? [])].join(', ')),
      settingDescription(s.description, s),
    ]),
    ...SWITCHES.map((s) => [code([s.flags, ...(s.aliases ?? [])].join(', ')), s.description]),
  ];
  const settingRows = SETTINGS.map((s) => [
    code(s.key),
    s.description,
    code(JSON.stringify(s.default)),
    s.env === undefined ? '' : code(s.env),
  ]);
  const groups = [...new Set(visible.map((s) => s.group))].sort(compareGroups);
  const sections: string[] = [
    INTRO,
    '### Global options\n\nAccepted by every command, before or after the command name.\n\n' +
      table(['Option', 'Description'], globalRows),
    '### Config keys\n\n' + table(['Key', 'Description', 'Default', 'Environment'], settingRows),
    OUTPUT,
  ];
  for (const group of groups) {
    sections.push(`## \`${CLI_NAME} ${group}\`\n\n${sentence(groupInfo(group).description)}`);
    const inGroup = visible
      .filter((s) => s.group === group)
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    for (const spec of inGroup) sections.push(commandSection(spec));
  }
  sections.push(
    '## Chain errors\n\nChain errors are shown by name with an explanation and a hint:\n\n' +
      table(
        ['Error', 'Meaning', 'Hint'],
        Object.entries(CHAIN_ERRORS)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, e]) => [code(name), e.explanation, e.hint]),
      ),
  );
  return `${sections.join('\n\n')}\n`;
}
