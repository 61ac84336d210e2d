import * as core from '@actions/core';
import { STATE } from '../platform/state.js';

// One bundle serves the main and the post step: the runner sets STATE_isPost for the second run.
if (core.getState(STATE.isPost) === 'true') {
  const { run } = await import('./post.js');
  await run();
} else {
  core.saveState(STATE.isPost, 'true');
  const { run } = await import('./main.js');
  await run();
}
