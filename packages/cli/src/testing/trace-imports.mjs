// Test aid: `node --import ./trace-imports.mjs …` appends every module URL the process resolves to the
// file named by TAO_TRACE_FILE, so a test can check what a command loaded without timing anything.
import { register } from 'node:module';

const file = process.env.TAO_TRACE_FILE;
if (file) register(new URL('./trace-hooks.mjs', import.meta.url), { data: { file } });
