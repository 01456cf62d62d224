/**
 * CPython's `TestEagerTaskTaskGroup`: every `TestTaskGroup` case again, with `eager_task_factory` set on the
 * loop (here `eagerTaskFactory`), reported as `test_taskgroups.TestEagerTaskTaskGroup.<test_name>`.
 */
import { eagerTaskFactory, TaskGroup } from '../../src';
import { asyncTest, portedRun } from './helpers';

portedRun.taskFactory = eagerTaskFactory;
portedRun.taskGroupClass = 'TestEagerTaskTaskGroup';
require('./test_taskgroups.test');
require('./test_taskgroups_2.test');

test('test_taskgroups.TestEagerTaskTaskGroup: the loop really starts the group’s tasks eagerly', () =>
  asyncTest(async () => {
    const log: string[] = [];
    await TaskGroup.run(async (g) => {
      g.createTask(() => {
        log.push('child ran');
      });
      log.push('after createTask');
    });
    expect(log).toEqual(['child ran', 'after createTask']);
  }));
