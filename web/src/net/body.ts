// The body explorer's read-outs (issue 8), engine-agnostic: turns a
// sim_state (fixed point on the wire, messages.ts) into numbers in their
// units, organ glow levels, and plain-language narration (aimed at a 6th-8th
// grade reading level). The panel (ui/body-explorer.ts) and any 3D view
// render from these; nothing here touches the DOM.

import { SimEventKind, SimLogKind, SimPatient, kSimPaused, kSimWalking, type SimLogEntry, type SimState } from './messages';

export const kLowMgDl = 70;
export const kHighMgDl = 180;
/** Where the kidneys start to spill glucose in most people (renal threshold). */
export const kKidneyThresholdMgDl = 180;
export const kTraceStepMinutes = 5;
/**
 * Below this the model stops being a body: it has no counter-regulation
 * (glucagon, adrenaline), so it can fall to impossible values. The server
 * uses the same floor (src/world/body_simulation.h kModelFloorMgDl).
 */
export const kModelFloorMgDl = 40;
/** ADA level 2 hypoglycaemia: doses predicted to go below need confirming. */
export const kDangerousLowMgDl = 54;

export interface ActionBounds {
  mealGrams: { min: number; max: number };
  insulinUnits: { min: number; max: number };
}

/**
 * What one action may be. The server states its own in the space's
 * "simulation_limits" (boundsFromLimits); these are used until it has.
 */
export const actionBounds: ActionBounds = {
  mealGrams: { min: 1, max: 200 },
  insulinUnits: { min: 0.1, max: 25 },
};

/** The bounds a space's JSON states, or the defaults when it states none. */
export function boundsFromLimits(limits: { meal_g: { min: number; max: number }; insulin_u: { min: number; max: number } } | undefined): ActionBounds {
  if (!limits) return actionBounds;
  return { mealGrams: { ...limits.meal_g }, insulinUnits: { ...limits.insulin_u } };
}

/** Words for an amount out of bounds, or '' when it may be sent. */
export function checkMeal(grams: number, bounds: ActionBounds = actionBounds): string {
  const { min, max } = bounds.mealGrams;
  if (!Number.isFinite(grams) || grams < min || grams > max) return `A meal here is ${min} to ${max} grams of carbohydrate.`;
  return '';
}
export function checkDose(units: number, bounds: ActionBounds = actionBounds): string {
  const { min, max } = bounds.insulinUnits;
  if (!Number.isFinite(units) || units < min) return `A dose is at least ${min} units.`;
  if (units > max) return `${units} units is more than one dose can be here: at most ${max} units at a time.`;
  return '';
}

export type GlucoseUnit = 'mg/dL' | 'mmol/L';
/** mg/dL per mmol/L for glucose (molar mass 180.16 g/mol). */
export const kMgDlPerMmolL = 18.016;

/** A glucose value in `unit`: "142 mg/dL", "7.9 mmol/L"; the number alone with `bare`. */
export function formatGlucose(mgDl: number, unit: GlucoseUnit, bare = false): string {
  const number = unit === 'mmol/L' ? (mgDl / kMgDlPerMmolL).toFixed(1) : String(Math.round(mgDl));
  return bare ? number : `${number} ${unit}`;
}

/** The reading to show: the value, or "below 40 mg/dL" where the model is not reliable. */
export function glucoseReading(mgDl: number, unit: GlucoseUnit): { text: string; belowModel: boolean } {
  if (mgDl < kModelFloorMgDl) return { text: `below ${formatGlucose(kModelFloorMgDl, unit)}`, belowModel: true };
  return { text: formatGlucose(mgDl, unit), belowModel: false };
}

/** Rewrites "54 mg/dL" in a server's words into `unit`. */
export function inUnit(text: string, unit: GlucoseUnit): string {
  if (unit === 'mg/dL') return text;
  return text.replace(/(\d+(?:\.\d+)?) mg\/dL/g, (_, value: string) => formatGlucose(Number(value), unit));
}

/** Where the dose warning's threshold comes from, for the confirm step. */
export const doseWarningSource =
  'Below 54 mg/dL is level 2 (serious) low blood sugar in the ADA Standards of Care (section 6). ' +
  'The prediction is the model’s, for this virtual person only. Educational, not medical advice.';

export function modelFloorWarning(unit: GlucoseUnit): string {
  return (
    `Below ${formatGlucose(kModelFloorMgDl, unit)} this model is not reliable: it has none of the hormones ` +
    '(glucagon, adrenaline) a real body releases to push sugar back up, so it cannot show how low it would go. ' +
    'In a real body this is a medical emergency: give fast sugar (or glucagon if the person cannot swallow) and call emergency services. ' +
    '(ADA Standards of Care, section 6, hypoglycemia. Educational, not medical advice.)'
  );
}

/** The organ numbers in plain words. */
export const fluxExplanation =
  'The organ numbers are in mg/kg/min: milligrams of sugar per kilogram of body weight, each minute. ' +
  'For a person of 50 kg (110 lb), 1 mg/kg/min is 3 grams of sugar an hour, about a teaspoon and a half.';

export interface BodyReadout {
  minute: number; // simulated minutes since the session began
  clock: string; // "day 1, 07:05"
  patient: SimPatient;
  paused: boolean;
  walking: boolean;
  speed: number; // simulated seconds per wall second
  bgMgDl: number;
  cgmMgDl: number;
  insulinOnBoardU: number;
  uneatenMealG: number;
  gmiPercent: number;
  timeInRangePercent: number;
  fluxes: OrganFlux[];
  trace: Array<{ minute: number; bgMgDl: number; cgmMgDl: number }>;
  events: Array<{ minute: number; kind: SimEventKind; amount: number }>;
}

export type OrganId = 'gut' | 'liver' | 'muscle' | 'brain' | 'kidneys';

/** Glucose moving through an organ, mg per kg of body weight per minute. */
export interface OrganFlux {
  organ: OrganId;
  label: string;
  meaning: string; // what the number is, in words
  value: number;
  level: number; // 0..1 for the glow
}

// Rough full-scale values for the glow (mg/kg/min).
const kFullScale: Record<OrganId, number> = { gut: 8, liver: 4, muscle: 10, brain: 2, kidneys: 2 };

export const patientNames: Record<SimPatient, string> = {
  [SimPatient.Child]: 'Child (virtual patient child#001)',
  [SimPatient.Adolescent]: 'Teenager (virtual patient adolescent#001)',
  [SimPatient.Adult]: 'Adult (virtual patient adult#001)',
};

export function formatClock(minute: number): string {
  const day = Math.floor(minute / 1440) + 1;
  const inDay = minute % 1440;
  const hh = String(Math.floor(inDay / 60)).padStart(2, '0');
  const mm = String(inDay % 60).padStart(2, '0');
  return `day ${day}, ${hh}:${mm}`;
}

function flux(organ: OrganId, label: string, meaning: string, value: number): OrganFlux {
  return { organ, label, meaning, value, level: Math.max(0, Math.min(1, value / kFullScale[organ])) };
}

export function readout(state: SimState): BodyReadout {
  const fixed = (value: number, scale: number) => value / scale;
  return {
    minute: state.t_min,
    clock: formatClock(state.t_min),
    patient: state.patient,
    paused: (state.flags & kSimPaused) !== 0,
    walking: (state.flags & kSimWalking) !== 0,
    speed: state.speed,
    bgMgDl: fixed(state.bg, 10),
    cgmMgDl: fixed(state.cgm, 10),
    insulinOnBoardU: fixed(state.insulin_on_board, 100),
    uneatenMealG: fixed(state.uneaten_meal, 10),
    gmiPercent: fixed(state.gmi, 100),
    timeInRangePercent: fixed(state.time_in_range, 10),
    fluxes: [
      flux('gut', 'Stomach and gut', 'sugar from food entering the blood', fixed(state.gut_ra, 1000)),
      flux('liver', 'Liver', 'sugar the liver releases', fixed(state.liver_egp, 1000)),
      flux('muscle', 'Muscle and fat', 'sugar taken in with the help of insulin', fixed(state.muscle_fat_uid, 1000)),
      flux('brain', 'Brain and nerves', 'sugar used without needing insulin', fixed(state.brain_fsnc, 1000)),
      flux('kidneys', 'Kidneys', 'sugar spilled into urine', fixed(state.kidney_e, 1000)),
    ],
    trace: state.trace.map(([bg, cgm], index) => ({
      minute: state.trace_start_min + index * kTraceStepMinutes,
      bgMgDl: bg / 10,
      cgmMgDl: cgm / 10,
    })),
    events: state.events.map((event) => ({ minute: event.t_min, kind: event.kind, amount: event.amount / 10 })),
  };
}

export type BgBand = 'very-low' | 'low' | 'in-range' | 'high' | 'very-high';

export function bandOf(bgMgDl: number): BgBand {
  if (bgMgDl < 54) return 'very-low';
  if (bgMgDl < kLowMgDl) return 'low';
  if (bgMgDl <= kHighMgDl) return 'in-range';
  if (bgMgDl <= 250) return 'high';
  return 'very-high';
}

export const bandWords: Record<BgBand, string> = {
  'very-low': 'very low',
  low: 'low',
  'in-range': 'in the target range',
  high: 'high',
  'very-high': 'very high',
};

/**
 * What is happening now, in short plain sentences. Each line is about one
 * organ or one cause, so the panel can list them.
 */
export function narrate(body: BodyReadout, unit: GlucoseUnit = 'mg/dL'): string[] {
  const lines: string[] = [];
  const reading = glucoseReading(body.bgMgDl, unit);
  lines.push(
    `Blood sugar is ${reading.text}, which is ${bandWords[bandOf(body.bgMgDl)]}. ` +
      `The target range is ${formatGlucose(kLowMgDl, unit, true)} to ${formatGlucose(kHighMgDl, unit)}.`,
  );
  if (reading.belowModel) lines.push(modelFloorWarning(unit));
  const by = (organ: OrganId) => body.fluxes.find((f) => f.organ === organ)?.value ?? 0;
  if (by('gut') > 0.5 || body.uneatenMealG > 0) {
    lines.push('Food is being digested. Sugar from the meal moves from the gut into the blood, so blood sugar goes up.');
  }
  if (body.insulinOnBoardU >= 0.5) {
    lines.push(
      `There are about ${body.insulinOnBoardU.toFixed(1)} units of insulin still working. Insulin opens the door for sugar to go into muscle and fat, and tells the liver to hold back.`,
    );
  } else if (by('gut') > 0.5) {
    lines.push('No meal insulin is working yet. Without it, muscle and fat take in little sugar, so it builds up in the blood.');
  }
  if (body.walking) lines.push('Walking: working muscles pull in extra sugar, so blood sugar drops a little.');
  if (body.bgMgDl > kKidneyThresholdMgDl && by('kidneys') > 0.001) {
    lines.push(`Blood sugar is above what the kidneys can hold back (about ${formatGlucose(kKidneyThresholdMgDl, unit)}). The kidneys spill sugar into the urine, which makes you thirsty and pee more.`);
  }
  if (body.bgMgDl < kLowMgDl) {
    lines.push('Low blood sugar: the brain runs on sugar and is warning you. You may feel shaky, sweaty or confused. Eat 15 g of fast sugar and check again in 15 minutes.');
  }
  if (body.paused) lines.push('The simulation is paused.');
  return lines;
}

/** The "years ahead" view: average glucose (GMI) related to long-term risks. */
export function yearsAhead(body: BodyReadout): string {
  const gmi = body.gmiPercent;
  if (gmi <= 0) return 'Let the simulation run to see an average.';
  const level = gmi < 7 ? 'at or below 7%, the usual goal' : gmi < 8 ? 'above the usual goal of 7%' : 'well above the usual goal of 7%';
  return (
    `If days went like this one, the average would match an A1c (GMI) of about ${gmi.toFixed(1)}%, ${level}. ` +
    'Over years, higher averages damage small blood vessels in the eyes, kidneys and nerves, and raise the risk of heart disease. ' +
    'Keeping the average lower cut these problems by about half or more in a large study (DCCT).'
  );
}

export interface Source {
  title: string;
  url: string;
}

export const sources: Source[] = [
  { title: 'American Diabetes Association, Standards of Care in Diabetes (glucose targets, low blood sugar)', url: 'https://diabetesjournals.org/care/issue/47/Supplement_1' },
  { title: 'Battelino et al. 2019, International Consensus on Time in Range (70–180 mg/dL)', url: 'https://doi.org/10.2337/dci19-0028' },
  { title: 'Bergenstal et al. 2018, Glucose Management Indicator (GMI)', url: 'https://doi.org/10.2337/dc18-1581' },
  { title: 'DCCT Research Group 1993, intensive treatment and long-term complications', url: 'https://doi.org/10.1056/NEJM199309303291401' },
  { title: 'Dalla Man et al. 2014, the UVA/Padova type 1 diabetes simulator (the model used here)', url: 'https://doi.org/10.1177/1932296813514502' },
];

const eventWords: Record<SimEventKind, (amount: number) => string> = {
  [SimEventKind.Meal]: (amount) => `ate ${amount} g of carbohydrate`,
  [SimEventKind.Insulin]: (amount) => `took ${amount} units of insulin`,
  [SimEventKind.SkippedInsulin]: () => 'skipped the meal insulin',
  [SimEventKind.Walk]: (amount) => `went for a ${amount}-minute walk`,
  [SimEventKind.Jump]: (amount) => `jumped ahead ${amount} minutes`,
};

export function describeEvent(event: { minute: number; kind: SimEventKind; amount: number }): string {
  return `${formatClock(event.minute)}: ${eventWords[event.kind](event.amount)}`;
}

const speedWords = (speed: number) => {
  if (speed === 60) return '1 hour per minute';
  if (speed === 360) return '1 hour per 10 seconds';
  if (speed === 1440) return '4 hours per 10 seconds';
  return `${speed} simulated seconds per second`;
};
const duration = (minutes: number) =>
  minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
const personWords: Record<number, string> = { [SimPatient.Child]: 'the child', [SimPatient.Adolescent]: 'the teenager', [SimPatient.Adult]: 'the adult' };

const logWords: Record<SimLogKind, (amount: number) => string> = {
  [SimLogKind.Eat]: (amount) => `logged a meal with ${amount} g of carbohydrate`,
  [SimLogKind.Insulin]: (amount) => `gave ${amount / 10} unit${amount === 10 ? '' : 's'} of rapid insulin`,
  [SimLogKind.SkipInsulin]: () => 'skipped the meal insulin',
  [SimLogKind.Walk]: (amount) => `started a ${amount}-minute walk`,
  [SimLogKind.Pause]: () => 'paused the simulation',
  [SimLogKind.Resume]: () => 'resumed the simulation',
  [SimLogKind.SetSpeed]: (amount) => `set the speed to ${speedWords(amount)}`,
  [SimLogKind.JumpAhead]: (amount) => `jumped ahead ${duration(amount)}`,
  [SimLogKind.ChoosePatient]: (amount) => `started over with ${personWords[amount] ?? 'another person'}`,
  [SimLogKind.Therapy]: () => 'changed the therapy settings and started over',
  [SimLogKind.Joined]: () => 'joined the session',
  [SimLogKind.Left]: () => 'left the session',
  [SimLogKind.Invited]: () => 'created an invite',
};

/** "Alex gave 4 units of rapid insulin at 10:02 (day 1)". */
export function describeLogEntry(entry: SimLogEntry): string {
  const clock = formatClock(entry.t_min); // "day 1, 10:02"
  const [day, time] = clock.split(', ');
  const words = logWords[entry.kind as SimLogKind]?.(entry.amount) ?? 'did something';
  return `${entry.actor} ${words} at ${time} (${day})`;
}
