/**
 * Tests that share a machine: test/local's clouds take ports free at that moment, away from every
 * fixed port of the house, and test/global-setup.ts's offsets never make two runs collide.
 */
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { defaultPorts } from '../../infra/local/config.ts';
import { testPortsFor } from '../global-setup.ts';
import { fixtureTopology, freePortRange, freePorts, tempDir } from './support.ts';

/** Listens on the port on every interface; undefined when something already does (just as good here). */
function occupy(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', () => resolve(undefined));
    server.listen({ port, exclusive: true }, () => resolve(server));
  });
}
const close = (servers: (net.Server | undefined)[]) => Promise.all(servers.map((s) => s && new Promise((r) => s.close(r))));

describe('freePorts', () => {
  it('gives four distinct ports in its range, each free on every interface', async () => {
    const ports = Object.values(await freePorts());

    expect(new Set(ports).size).toBe(4);
    for (const p of ports) expect(p >= freePortRange.from && p <= freePortRange.to).toBe(true);
    const held = await Promise.all(ports.map(occupy));
    await close(held);
    expect(held.every(Boolean)).toBe(true);
  });

  it('skips the ports something already listens on', async () => {
    const range = { from: 25_100, to: 25_109 };
    const busy = [25_100, 25_101, 25_102, 25_103, 25_104, 25_105];
    const held = await Promise.all(busy.map(occupy));
    try {
      const ports = Object.values(await freePorts(range));

      expect(ports.sort()).toEqual([25_106, 25_107, 25_108, 25_109]);
    } finally {
      await close(held);
    }
  });
});

describe("the shared test cloud's ports (test/global-setup.ts)", () => {
  it('never collide across the offsets the house uses (0-90, step 5), nor with npm start or freePortRange', () => {
    const offsets = Array.from({ length: 19 }, (_, i) => i * 5);
    const fixed = new Set(Object.values(defaultPorts));
    const seen = new Map<number, number>();

    for (const offset of offsets) {
      for (const port of Object.values(testPortsFor(offset))) {
        expect(seen.get(port), `offset ${offset} reuses port ${port}`).toBeUndefined();
        seen.set(port, offset);
        expect(fixed.has(port)).toBe(false);
        expect(port < freePortRange.from).toBe(true);
      }
    }
    expect(seen.size).toBe(offsets.length * 4);
  });

  it('keeps every offset 0-999 in its own band and refuses the others', () => {
    const all = Array.from({ length: 1000 }, (_, o) => Object.values(testPortsFor(o))).flat();

    expect(new Set(all).size).toBe(4000);
    expect(Math.max(...all) < freePortRange.from).toBe(true);
    for (const bad of [-5, 1000, 2.5, Number.NaN]) expect(() => testPortsFor(bad)).toThrow(/MOTCUA_TEST_PORT_OFFSET/);
  });
});

describe('a local cloud on freePorts', () => {
  let cloud: LocalCloud | undefined;
  let dataDir: string | undefined;
  let held: (net.Server | undefined)[] = [];
  afterAll(async () => {
    await cloud?.stop();
    await close(held);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("starts while npm start's ports and the shared test cloud's ports are taken", async () => {
    const offset = Number(process.env.MOTCUA_TEST_PORT_OFFSET || 0);
    held = await Promise.all([...Object.values(defaultPorts), ...Object.values(testPortsFor(offset))].map(occupy));
    dataDir = await tempDir('ports');

    cloud = await startLocalCloud({ dataDir, ports: await freePorts(), topology: fixtureTopology('portstest', { functions: {} }), log: () => {} });

    const answer = await fetch(`${cloud.endpoints.api}/v1/nowhere`);
    expect(answer.status).toBe(404);
  });
});
