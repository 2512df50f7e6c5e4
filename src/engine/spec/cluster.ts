import type { CommandSpec } from '../core/command';
import { block, cmd, int, many, oneof, opt, str, tok } from './dsl';

/**
 * CLUSTER and its subcommands, as a server started without cluster support
 * has them: in the table (COMMAND, HELP, hints), each answering that
 * cluster support is disabled (commands/cluster.ts).
 */
export const clusterSpecs = [
  cmd('cluster', -2, 'cluster', 'A container for cluster commands', {
    since: '3.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('cluster|addslots', -3, 'cluster', 'Assign new hash slots to receiving node', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(N) where N is the total number of hash slot arguments', args: [many(int('slot'))] }),
      cmd('cluster|addslotsrange', -4, 'cluster', 'Assign new hash slots to receiving node', { flags: 'admin stale no_async_loading', since: '7.0.0', complexity: 'O(N) where N is the total number of the slots between the start slot and end slot arguments.', args: [many(block('start-slot_end-slot', [int('start-slot'), int('end-slot')]))] }),
      cmd('cluster|bumpepoch', 2, 'cluster', 'Advance the cluster config epoch', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)' }),
      cmd('cluster|count-failure-reports', 3, 'cluster', 'Return the number of failure reports active for a given node', { flags: 'admin stale', since: '3.0.0', complexity: 'O(N) where N is the number of failure reports', args: [str('node-id')] }),
      cmd('cluster|countkeysinslot', 3, 'cluster', 'Return the number of local keys in the specified hash slot', { flags: 'stale', since: '3.0.0', complexity: 'O(1)', args: [int('slot')] }),
      cmd('cluster|delslots', -3, 'cluster', 'Set hash slots as unbound in receiving node', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(N) where N is the total number of hash slot arguments', args: [many(int('slot'))] }),
      cmd('cluster|delslotsrange', -4, 'cluster', 'Set hash slots as unbound in receiving node', { flags: 'admin stale no_async_loading', since: '7.0.0', complexity: 'O(N) where N is the total number of the slots between the start slot and end slot arguments.', args: [many(block('start-slot_end-slot', [int('start-slot'), int('end-slot')]))] }),
      cmd('cluster|failover', -2, 'cluster', 'Forces a replica to perform a manual failover of its master.', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)', args: [opt(oneof('options', [tok('FORCE'), tok('TAKEOVER')]))] }),
      cmd('cluster|flushslots', 2, 'cluster', 'Delete a node\'s own slots information', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)' }),
      cmd('cluster|forget', 3, 'cluster', 'Remove a node from the nodes table', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)', args: [str('node-id')] }),
      cmd('cluster|getkeysinslot', 4, 'cluster', 'Return local key names in the specified hash slot', { flags: 'stale', since: '3.0.0', complexity: 'O(log(N)) where N is the number of requested keys', args: [int('slot'), int('count')] }),
      cmd('cluster|help', 2, 'cluster', 'Show helpful text about the different subcommands', { flags: 'loading stale', since: '5.0.0', complexity: 'O(1)' }),
      cmd('cluster|info', 2, 'cluster', 'Provides info about Redis Cluster node state', { flags: 'stale', since: '3.0.0', complexity: 'O(1)' }),
      cmd('cluster|keyslot', 3, 'cluster', 'Returns the hash slot of the specified key', { flags: 'stale', since: '3.0.0', complexity: 'O(N) where N is the number of bytes in the key', args: [str('key')] }),
      cmd('cluster|links', 2, 'cluster', 'Returns a list of all TCP links to and from peer nodes in cluster', { flags: 'stale', since: '7.0.0', complexity: 'O(N) where N is the total number of Cluster nodes' }),
      { ...cmd('cluster|meet', -4, 'cluster', 'Force a node cluster to handshake with another node', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)', args: [str('ip'), int('port'), opt(int('cluster_bus_port', { since: '4.0.0' }))] }), history: [['4.0.0', 'Added the optional `cluster_bus_port` argument.']] },
      cmd('cluster|myid', 2, 'cluster', 'Return the node id', { flags: 'stale', since: '3.0.0', complexity: 'O(1)' }),
      cmd('cluster|nodes', 2, 'cluster', 'Get Cluster config for the node', { flags: 'stale', since: '3.0.0', complexity: 'O(N) where N is the total number of Cluster nodes' }),
      cmd('cluster|replicas', 3, 'cluster', 'List replica nodes of the specified master node', { flags: 'admin stale', since: '5.0.0', complexity: 'O(1)', args: [str('node-id')] }),
      cmd('cluster|replicate', 3, 'cluster', 'Reconfigure a node as a replica of the specified master node', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)', args: [str('node-id')] }),
      cmd('cluster|reset', -2, 'cluster', 'Reset a Redis Cluster node', { flags: 'admin noscript stale', since: '3.0.0', complexity: 'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.', args: [opt(oneof('hard_soft', [tok('HARD'), tok('SOFT')]))] }),
      cmd('cluster|saveconfig', 2, 'cluster', 'Forces the node to save cluster state on disk', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)' }),
      cmd('cluster|set-config-epoch', 3, 'cluster', 'Set the configuration epoch in a new node', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)', args: [int('config-epoch')] }),
      cmd('cluster|setslot', -4, 'cluster', 'Bind a hash slot to a specific node', { flags: 'admin stale no_async_loading', since: '3.0.0', complexity: 'O(1)', args: [int('slot'), oneof('subcommand', [str('node-id', { token: 'IMPORTING' }), str('node-id', { token: 'MIGRATING' }), str('node-id', { token: 'NODE' }), tok('STABLE')])] }),
      cmd('cluster|shards', 2, 'cluster', 'Get array of cluster slots to node mappings', { flags: 'stale', since: '7.0.0', complexity: 'O(N) where N is the total number of cluster nodes' }),
      cmd('cluster|slaves', 3, 'cluster', 'List replica nodes of the specified master node', { flags: 'admin stale', since: '3.0.0', complexity: 'O(1)', args: [str('node-id')] }),
      { ...cmd('cluster|slots', 2, 'cluster', 'Get array of Cluster slot to node mappings', { flags: 'stale', since: '3.0.0', complexity: 'O(N) where N is the total number of Cluster nodes' }), history: [['4.0.0', 'Added node IDs.'], ['7.0.0', 'Added additional networking metadata field.']] },
    ],
  }),
] satisfies readonly CommandSpec[];
