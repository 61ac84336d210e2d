// The sweep helper's code is bundled with the action's, in dist/sweep/.
await import('../dist/sweep/index.js');
