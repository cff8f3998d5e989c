// The viewer's DICOMweb calls (docs/api.md "DICOMweb"): studies (QIDO-RS),
// the instances of a series in stack order, one instance's metadata (size
// and pixel spacing), and rendered frames as images, cached and prefetched.
// DICOM JSON is read by tag; nothing here touches the DOM but the frame
// cache's ImageBitmaps.

import type { ApiClient, ApiResult } from '../net/rest';

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

export interface StudySummary {
  study: string;
  patient: string;
  date: string;
  description: string;
  modalities: string;
  instances: number;
}

export interface Stack {
  study: string;
  series: string;
  /** SOP instance UIDs in Instance Number order. */
  instances: string[];
  rows: number;
  columns: number;
  /** Pixel Spacing (0028,0030): between rows, between columns, in mm; 0 when absent. */
  rowSpacingMm: number;
  columnSpacingMm: number;
}

function text(item: DicomJson, tag: string): string {
  const value = item[tag]?.Value?.[0];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic: unknown }).Alphabetic);
  return '';
}

function numbers(item: DicomJson, tag: string): number[] {
  return (item[tag]?.Value ?? []).map((value) => Number(value)).filter((value) => Number.isFinite(value));
}

/** "20261101" as "2026-11-01". */
export function dicomDateWords(date: string): string {
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : 'no date';
}

export function studyOf(item: DicomJson): StudySummary {
  return {
    study: text(item, '0020000D'),
    patient: text(item, '00100020'),
    date: text(item, '00080020'),
    description: text(item, '00081030') || 'Study without a description',
    modalities: (item['00080061']?.Value ?? []).join(', '),
    instances: numbers(item, '00201208')[0] ?? 0,
  };
}

export async function searchStudies(api: ApiClient, patient = ''): Promise<ApiResult<StudySummary[]>> {
  const query = patient ? `?PatientID=${encodeURIComponent(patient)}` : '';
  const found = await api.request<DicomJson[]>('GET', `/dicomweb/studies${query}`);
  return found.ok ? { ok: true, value: found.value.map(studyOf) } : found;
}

/** The first series of `study` as a stack, with the first instance's size and spacing. */
export async function loadStack(api: ApiClient, study: string): Promise<ApiResult<Stack>> {
  const series = await api.request<DicomJson[]>('GET', `/dicomweb/studies/${study}/series`);
  if (!series.ok) return series;
  const first = series.value[0];
  if (!first) return { ok: false, error: { status: 404, code: 'series_not_found', message: 'This study holds no series.' } };
  const seriesUid = text(first, '0020000E');
  const instances = await api.request<DicomJson[]>('GET', `/dicomweb/studies/${study}/series/${seriesUid}/instances?limit=1000`);
  if (!instances.ok) return instances;
  const ordered = [...instances.value].sort((a, b) => (numbers(a, '00200013')[0] ?? 0) - (numbers(b, '00200013')[0] ?? 0));
  const uids = ordered.map((item) => text(item, '00080018'));
  if (uids.length === 0) return { ok: false, error: { status: 404, code: 'instance_not_found', message: 'This series holds no images.' } };
  const metadata = await api.request<DicomJson[]>('GET', `/dicomweb/studies/${study}/series/${seriesUid}/instances/${uids[0]}/metadata`);
  if (!metadata.ok) return metadata;
  const dataset = metadata.value[0] ?? {};
  const spacing = numbers(dataset, '00280030');
  return {
    ok: true,
    value: {
      study,
      series: seriesUid,
      instances: uids,
      rows: numbers(dataset, '00280010')[0] ?? 0,
      columns: numbers(dataset, '00280011')[0] ?? 0,
      rowSpacingMm: spacing[0] ?? 0,
      columnSpacingMm: spacing[1] ?? 0,
    },
  };
}

export function frameUrl(stack: Stack, slice: number, windowParameter: string): string {
  const instance = stack.instances[slice];
  return `/dicomweb/studies/${stack.study}/series/${stack.series}/instances/${instance}/frames/1/rendered?window=${encodeURIComponent(windowParameter)}`;
}

export type FrameLoad = { ok: true; image: ImageBitmap } | { ok: false; status: number };

/**
 * Rendered frames by URL: at most `capacity` decoded images kept (the least
 * recently used go first), one request per URL however often it is asked.
 */
export class FrameCache {
  private readonly frames = new Map<string, Promise<FrameLoad>>();

  constructor(private readonly capacity = 48, private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {}

  get(url: string): Promise<FrameLoad> {
    const cached = this.frames.get(url);
    if (cached) {
      this.frames.delete(url);
      this.frames.set(url, cached);
      return cached;
    }
    const load = this.fetchImpl(url, { credentials: 'same-origin', headers: { Accept: 'image/png' } })
      .then(async (response): Promise<FrameLoad> => {
        if (!response.ok) return { ok: false, status: response.status };
        return { ok: true, image: await createImageBitmap(await response.blob()) };
      })
      .catch((): FrameLoad => ({ ok: false, status: 0 }));
    this.frames.set(url, load);
    void load.then((result) => {
      if (!result.ok) this.frames.delete(url);
    });
    while (this.frames.size > this.capacity) {
      const oldest = this.frames.keys().next().value as string;
      void this.frames.get(oldest)?.then((result) => result.ok && result.image.close());
      this.frames.delete(oldest);
    }
    return load;
  }

  has(url: string): boolean {
    return this.frames.has(url);
  }
}

/** Which slices to fetch ahead: the neighbours, nearest first, inside the stack. */
export function prefetchOrder(slice: number, slices: number, reach = 2): number[] {
  const order: number[] = [];
  for (let step = 1; step <= reach; step++) {
    for (const candidate of [slice + step, slice - step]) if (candidate >= 0 && candidate < slices) order.push(candidate);
  }
  return order;
}
