/** `tao docs` (hidden): prints docs/cli.md, generated from the command specs. */
import { join } from 'node:path';
import { defineCommand } from '../../framework/spec.js';
import { strictObject } from '../../framework/schema.js';

export default defineCommand({
  group: 'docs',
  description: 'print the command reference (docs/cli.md) as Markdown',
  hidden: true,
  runtime: 'light',
  output: strictObject({ markdown: { type: 'string' } }),
  async run(ctx) {
    const { renderDocs } = await import('../../framework/docs.js');
    const markdown = await formatMarkdown(renderDocs(ctx.commands));
    ctx.out.print(markdown.trimEnd());
    return { markdown };
  },
});

/**
 * Formats with prettier and the settings found from the working directory up (run it from the repository),
 * so the generated file passes `prettier --check`. Without prettier the raw Markdown is printed.
 */
async function formatMarkdown(markdown: string): Promise<string> {
  const prettier = await import('prettier').catch(() => undefined);
  if (prettier === undefined) return markdown;
  const config = (await prettier.resolveConfig(join(process.cwd(), 'docs', 'cli.md'))) ?? {};
  return prettier.format(markdown, { ...config, parser: 'markdown' });
}
