/**
 * Runs one case in a child node process, with a timeout and a memory cap: a case that hangs or
 * runs away is killed and reported as such, never waited for. Peak RSS is the child's own (its
 * report, or its probe line), or, for a child that had to be killed, the high-water mark read
 * from /proc just before (Linux; without /proc such a child has no figure).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CaseOutput, PipelineSpec } from './case.js';

export interface ChildResult {
  /** ok: the child ran to its end; timeout and memory-cap: killed; crashed: died or printed no report. */
  status: 'ok' | 'timeout' | 'memory-cap' | 'crashed';
  /** From spawn to exit, node's start-up and module loading included. */
  wallMs: number;
  peakRssMb?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** The pipeline child's report. */
  output?: CaseOutput;
  /** The end of what a CLI child printed, for the report. */
  stdoutTail?: string;
  stderrTail?: string;
}

export interface Limits {
  timeoutMs: number;
  rssCapMb: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const TAIL = 600;

/** VmHWM (peak) and VmRSS (now) of a live process, in MB; undefined where /proc is not there. */
function procMemory(pid: number): { peak: number; now: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    const peak = kb('VmHWM');
    const now = kb('VmRSS');
    // A process that is exiting has no memory lines left.
    return Number.isFinite(peak) && Number.isFinite(now) ? { peak: Math.round(peak / 1024), now: Math.round(now / 1024) } : undefined;
  } catch {
    return undefined;
  }
}

function run(args: readonly string[], limits: Limits, cwd?: string): Promise<Omit<ChildResult, 'output'> & { head: string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    // Keep the head of stdout (the case's one JSON line) and the tail of both: a CLI may print a lot.
    let head = '';
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (head.length < 65536) head += chunk;
      stdout = (stdout + chunk).slice(-8192);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8192)));
    let status: ChildResult['status'] = 'ok';
    let polledPeak: number | undefined;
    const kill = (why: ChildResult['status']) => {
      if (status !== 'ok') return;
      status = why;
      polledPeak = Math.max(polledPeak ?? 0, procMemory(child.pid ?? -1)?.peak ?? 0) || polledPeak;
      child.kill('SIGKILL');
    };
    const poll = setInterval(() => {
      const memory = procMemory(child.pid ?? -1);
      if (!memory) return;
      polledPeak = Math.max(polledPeak ?? 0, memory.peak);
      if (memory.now > limits.rssCapMb) kill('memory-cap');
    }, 100);
    const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
    child.on('close', (exitCode, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ status, wallMs: Math.round(performance.now() - start), exitCode, signal, head, stdout, stderr, ...(polledPeak !== undefined ? { peakRssMb: polledPeak } : {}) });
    });
  });
}

/** A pipeline case (case.ts) in its own process. */
export async function runPipelineChild(spec: PipelineSpec, limits: Limits): Promise<ChildResult> {
  const done = await run([join(here, 'case.js'), JSON.stringify(spec)], limits);
  const { head, stdout, stderr, ...result } = done;
  const line = head.split('\n').find((text) => text.startsWith('{'));
  if (result.status !== 'ok') return result;
  if (!line) return { ...result, status: 'crashed', stderrTail: stderr.slice(-TAIL), stdoutTail: stdout.slice(-TAIL) };
  const output = JSON.parse(line) as CaseOutput;
  return { ...result, output, peakRssMb: Math.max(output.maxRssMb, result.peakRssMb ?? 0) };
}

/** A CLI run (`node dist/src/cli.js ...`), its peak RSS from the probe loaded into it. */
export async function runCliChild(cli: string, args: readonly string[], limits: Limits, cwd: string): Promise<ChildResult> {
  const done = await run(['--import', join(here, 'probe.js'), cli, ...args], limits, cwd);
  const { head: _head, stdout, stderr, ...result } = done;
  const probe = /bench-probe maxRssKb=(\d+)/.exec(stderr);
  const peak = probe ? Math.round(Number(probe[1]) / 1024) : undefined;
  return {
    ...result,
    ...(peak !== undefined ? { peakRssMb: Math.max(peak, result.peakRssMb ?? 0) } : {}),
    stdoutTail: stdout.slice(-TAIL),
    stderrTail: stderr.replace(/\n?bench-probe maxRssKb=\d+\n?/, '').slice(-TAIL),
  };
}
