import { Engine } from './src/engine';
const e = new Engine();
const out: string[] = [];
for (const s of e.specs()) {
  const c = e.commands.get(s.name)!;
  out.push(`${s.name}${c.handler ? '' : '(nohandler)'}${s.subcommands ? '[' + s.subcommands.map(x => x.name + (c.subcommands!.get(x.name.split('|')[1]!)!.handler ? '' : '(nh)')).join(',') + ']' : ''}`);
}
console.log(out.join(' '));
