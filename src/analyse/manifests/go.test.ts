import { describe, expect, it } from 'vitest';
import { readGoMod } from './go.ts';

const read = (text: string) => readGoMod({ path: 'go.mod', text, files: new Map() });

describe('readGoMod', () => {
  it('publishes the module and consumes direct requirements', () => {
    const r = read(`module github.com/acme/payments

go 1.22

require github.com/acme/common v1.2.0

require (
	github.com/google/uuid v1.6.0
	golang.org/x/sys v0.20.0 // indirect
	"github.com/quoted/mod" v0.1.0
)

replace github.com/acme/common => ../common

tool golang.org/x/tools/cmd/stringer
`);
    expect(r.problems).toEqual([]);
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['publishes', 'github.com/acme/payments', undefined, undefined],
      ['consumes', 'github.com/acme/common', 'v1.2.0', 'runtime'],
      ['consumes', 'github.com/google/uuid', 'v1.6.0', 'runtime'],
      ['consumes', 'github.com/quoted/mod', 'v0.1.0', 'runtime'],
      ['consumes', 'golang.org/x/tools/cmd/stringer', undefined, 'build'],
    ]);
  });

  it('reports a go.mod without a module and odd lines', () => {
    const r = read('require x\n!!!\n');
    expect(r.problems).toEqual([
      'line 1: require needs a path and a version',
      'line 2: cannot read "!!!"',
      'no module directive',
    ]);
  });
});
