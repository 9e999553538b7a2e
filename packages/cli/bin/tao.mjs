#!/usr/bin/env node
// The sources are TypeScript run through tsx (the workspace's loader): register it, then start.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
