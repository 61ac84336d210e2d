import * as core from '@actions/core';

// One bundle serves the main and the post step: the runner sets STATE_isPost for the second run.
if (core.getState('isPost') === 'true') {
  const { post } = await import('./post.js');
  await post();
} else {
  core.saveState('isPost', 'true');
  const { run } = await import('./main.js');
  await run();
}
