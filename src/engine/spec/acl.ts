import type { CommandSpec } from '../core/command';
import { cmd, int, many, oneof, opt, str, tok } from './dsl';

/** ACL and its subcommands: users, their rules, and the log of refused commands (Redis 7.0's table). */
const admin = 'admin noscript loading stale';

export const aclSpecs = [
  cmd('acl', -2, 'server', 'A container for Access List Control commands ', {
    since: '6.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('acl|cat', -2, 'server', 'List the ACL categories or the commands inside a category', {
        flags: 'noscript loading stale',
        since: '6.0.0',
        complexity: 'O(1) since the categories and commands are a fixed set.',
        args: [opt(str('categoryname'))],
      }),
      cmd('acl|deluser', -3, 'server', 'Remove the specified ACL users and the associated rules', {
        flags: admin,
        since: '6.0.0',
        complexity: 'O(1) amortized time considering the typical user.',
        args: [many(str('username'))],
      }),
      cmd('acl|dryrun', -4, 'server', 'Returns whether the user can execute the given command without executing the command.', {
        flags: admin,
        since: '7.0.0',
        complexity: 'O(1).',
        args: [str('username'), str('command'), opt(many(str('arg')))],
      }),
      cmd('acl|genpass', -2, 'server', 'Generate a pseudorandom secure password to use for ACL users', {
        flags: 'noscript loading stale',
        since: '6.0.0',
        complexity: 'O(1)',
        args: [opt(int('bits'))],
      }),
      {
        ...cmd('acl|getuser', 3, 'server', 'Get the rules for a specific ACL user', {
          flags: admin,
          since: '6.0.0',
          complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.',
          args: [str('username')],
        }),
        history: [
          ['6.2.0', 'Added Pub/Sub channel patterns.'],
          ['7.0.0', 'Added selectors and changed the format of key and channel patterns from a list to their rule representation.'],
        ],
      },
      cmd('acl|help', 2, 'server', 'Show helpful text about the different subcommands', { flags: 'loading stale', since: '6.0.0', complexity: 'O(1)' }),
      cmd('acl|list', 2, 'server', 'List the current ACL rules in ACL config file format', {
        flags: admin,
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
      }),
      cmd('acl|load', 2, 'server', 'Reload the ACLs from the configured ACL file', {
        flags: admin,
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
      }),
      cmd('acl|log', -2, 'server', 'List latest events denied because of ACLs in place', {
        flags: admin,
        since: '6.0.0',
        complexity: 'O(N) with N being the number of entries shown.',
        args: [opt(oneof('operation', [int('count'), tok('RESET')]))],
      }),
      cmd('acl|save', 2, 'server', 'Save the current ACL rules in the configured ACL file', {
        flags: admin,
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
      }),
      {
        ...cmd('acl|setuser', -3, 'server', 'Modify or create the rules for a specific ACL user', {
          flags: admin,
          since: '6.0.0',
          complexity: 'O(N). Where N is the number of rules provided.',
          args: [str('username'), opt(many(str('rule')))],
        }),
        history: [
          ['6.2.0', 'Added Pub/Sub channel patterns.'],
          ['7.0.0', 'Added selectors and key based permissions.'],
        ],
      },
      cmd('acl|users', 2, 'server', 'List the username of all the configured ACL rules', {
        flags: admin,
        since: '6.0.0',
        complexity: 'O(N). Where N is the number of configured users.',
      }),
      cmd('acl|whoami', 2, 'server', 'Return the name of the user associated to the current connection', {
        flags: 'noscript loading stale',
        since: '6.0.0',
        complexity: 'O(1)',
      }),
    ],
  }),
] satisfies CommandSpec[];
