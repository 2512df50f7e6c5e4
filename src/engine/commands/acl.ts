import { ACL_CATEGORIES } from '../spec/categories';
import { DENIED, hasSpaces, type AclCommand, type Selector } from '../core/acl';
import type { Ctx, HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { helpReply } from '../core/help';
import { RedisError, is, parseLong } from '../core/parse';
import { NIL, OK, array, bulk, double, int, type Reply } from '../core/reply';
import type { aclSpecs } from '../spec/acl';

/**
 * ACL: users and their rules (core/acl.ts holds them), the log of refused
 * commands, and DRYRUN. The engine enforces the rules in execCommand, EXEC
 * and scripts.
 */
export const aclCommands: HandlersFor<typeof aclSpecs> = {
  'acl|cat': aclCat,
  'acl|deluser': aclDeluser,
  'acl|dryrun': aclDryrun,
  'acl|genpass': aclGenpass,
  'acl|getuser': aclGetuser,
  'acl|help': (c) => helpReply(c, ACL_HELP),
  'acl|list': (c) => array(c.engine.acl.sortedUsers().map((u) => bulk(`user ${u.name} ${c.engine.acl.describeUser(u)}`))),
  'acl|load': aclFile,
  'acl|log': aclLog,
  'acl|save': aclFile,
  'acl|setuser': aclSetuser,
  'acl|users': (c) => array(c.engine.acl.sortedUsers().map((u) => bulk(u.name))),
  'acl|whoami': (c) => (c.client.user === undefined ? NIL : bulk(c.client.user.name)),
};

/** ACL SETUSER username [rule ...]: every rule valid, or nothing changes. */
function aclSetuser(c: Ctx): Reply {
  const name = c.argv[2]!;
  if (hasSpaces(name)) throw new RedisError(E.ACL_USERNAME_SPACES);
  const error = c.engine.acl.setUser(name, c.argv.slice(3));
  if (error !== undefined) throw new RedisError(error);
  return OK;
}

/** ACL DELUSER username [username ...]: the default user cannot go; the clients of a deleted user are disconnected. */
function aclDeluser(c: Ctx): Reply {
  const names = c.argv.slice(2);
  if (names.includes('default')) throw new RedisError(E.ACL_DELETE_DEFAULT);
  const acl = c.engine.acl;
  acl.current = c.client;
  let deleted = 0;
  try {
    for (const n of names) if (acl.deleteUser(n)) deleted++;
  } finally {
    acl.current = undefined;
  }
  return int(deleted);
}

function selectorFields(c: Ctx, s: Selector): [Reply, Reply][] {
  const acl = c.engine.acl;
  return [
    [bulk('commands'), bulk(acl.describeCommands(s))],
    [bulk('keys'), bulk(acl.keysField(s))],
    [bulk('channels'), bulk(acl.channelsField(s))],
  ];
}

/** ACL GETUSER username: flags, password hashes, the root selector's rules, then the other selectors. */
function aclGetuser(c: Ctx): Reply {
  const u = c.engine.acl.users.get(c.argv[2]!);
  if (u === undefined) return NIL;
  const flags: Reply[] = [bulk(u.enabled ? 'on' : 'off')];
  if (u.nopass) flags.push(bulk('nopass'));
  if (u.sanitize === 'skip') flags.push(bulk('skip-sanitize-payload'));
  if (u.sanitize === 'sanitize') flags.push(bulk('sanitize-payload'));
  return {
    t: 'map',
    v: [
      [bulk('flags'), { t: 'set', v: flags }],
      [bulk('passwords'), array(u.passwords.map((p) => bulk(p)))],
      ...selectorFields(c, u.root),
      [bulk('selectors'), array(u.selectors.slice(1).map((s) => ({ t: 'map', v: selectorFields(c, s) }) as Reply))],
    ],
  };
}

/** ACL CAT [category]: the categories, or the commands and subcommands in one. */
function aclCat(c: Ctx): Reply {
  if (c.argv.length === 2) return array(ACL_CATEGORIES.map((n) => bulk(n)));
  if (c.argv.length > 3) throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'acl'));
  const cat = c.argv[2]!.toLowerCase();
  if (!ACL_CATEGORIES.includes(cat)) throw new RedisError(E.ACL_UNKNOWN_CATEGORY(c.argv[2]!));
  const out: Reply[] = [];
  const walk = (list: readonly AclCommand[]) => {
    for (const cmd of list) {
      if (cmd.cats.has(cat)) out.push(bulk(cmd.name));
      walk(cmd.subs);
    }
  };
  walk(c.engine.acl.table);
  return array(out);
}

/** ACL GENPASS [bits]: random hex digits, 256 bits by default. */
function aclGenpass(c: Ctx): Reply {
  if (c.argv.length > 3) throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'acl'));
  const bits = c.argv.length === 3 ? parseLong(c.argv[2]!) : 256;
  if (bits <= 0 || bits > 4096) throw new RedisError(E.ACL_GENPASS_BITS);
  const chars = Math.floor((bits + 3) / 4);
  let out = '';
  for (let i = 0; i < chars; i++) out += Math.floor(c.engine.random() * 16).toString(16);
  return bulk(out);
}

/** ACL LOG [count | RESET]: the newest entries first, 10 by default. */
function aclLog(c: Ctx): Reply {
  if (c.argv.length > 3) throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'acl'));
  const log = c.engine.acl.log;
  let count = 10;
  if (c.argv.length === 3) {
    if (is(c.argv[2], 'RESET')) {
      log.length = 0;
      return OK;
    }
    count = Math.max(0, parseLong(c.argv[2]!));
  }
  const now = c.engine.clock.now();
  return array(
    log.slice(0, count).map(
      (e): Reply => ({
        t: 'map',
        v: [
          [bulk('count'), int(e.count)],
          [bulk('reason'), bulk(e.reason)],
          [bulk('context'), bulk(e.context)],
          [bulk('object'), bulk(e.object)],
          [bulk('username'), bulk(e.username)],
          [bulk('age-seconds'), double((now - e.ctime) / 1000)],
          [bulk('client-info'), bulk(e.cinfo)],
        ],
      }),
    ),
  );
}

/** ACL DRYRUN username command [arg ...]: would the user be allowed? OK, or why not (as a bulk string). */
function aclDryrun(c: Ctx): Reply {
  const name = c.argv[2]!;
  const acl = c.engine.acl;
  const u = acl.users.get(name);
  if (u === undefined) throw new RedisError(E.ACL_DRYRUN_NO_USER(name));
  const argv = c.argv.slice(3);
  const found = c.engine.lookup(argv);
  if (typeof found === 'string') throw new RedisError(E.ACL_DRYRUN_NO_COMMAND(argv[0]!));
  const spec = found.spec;
  if (spec.arity > 0 ? argv.length !== spec.arity : argv.length < -spec.arity) throw new RedisError(E.WRONG_ARITY(spec.name));
  const cmd = acl.commandOf(spec);
  const r = cmd === undefined ? undefined : acl.check(u, cmd, argv);
  if (r === undefined) return OK;
  if (r.denied === DENIED.CMD) return bulk(`This user has no permissions to run the '${spec.name}' command`);
  if (r.denied === DENIED.KEY) return bulk(`This user has no permissions to access the '${argv[r.pos]}' key`);
  return bulk(`This user has no permissions to access the '${argv[r.pos]}' channel`);
}

/** ACL LOAD and SAVE work with an ACL file, which this server never has. */
function aclFile(): Reply {
  throw new RedisError(E.ACL_NO_FILE);
}

const ACL_HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  '    Get the user\'s details.',
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];
