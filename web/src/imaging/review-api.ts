// Case review calls (docs/api.md "Case reviews") and the shapes the server
// answers with. Pure wrappers over the shell's ApiClient: no DOM.

import type { ApiClient, ApiResult } from '../net/rest';
import type { Annotation, LiveState, SharedView } from './review-sync';
import type { NewAnnotation } from './viewer';

export interface CaseReview {
  id: string;
  patient: string;
  study?: string;
  study_description?: string;
  question?: string;
  summary?: { conditions: string[]; observations: Array<{ date: string; text: string }> };
  presenter?: { user_id: number; name: string };
  invited?: Array<{ user_id: number; name: string }>;
  annotations?: Annotation[];
  conclusion?: { text: string; note: string } | null;
  starts_at: string;
  ends_at: string;
  status: 'scheduled' | 'closed';
  created_by: number;
}

export interface NewReview {
  patient: string;
  study: string;
  question: string;
  starts_at?: string;
  minutes?: number;
  invite: string[];
}

export const listReviews = (api: ApiClient): Promise<ApiResult<{ reviews: CaseReview[] }>> => api.request('GET', '/api/reviews');
export const getReview = (api: ApiClient, id: string): Promise<ApiResult<CaseReview>> => api.request('GET', `/api/reviews/${id}`);
export const createReview = (api: ApiClient, review: NewReview): Promise<ApiResult<CaseReview>> => api.request('POST', '/api/reviews', review);
export const getLive = (api: ApiClient, id: string): Promise<ApiResult<LiveState>> => api.request('GET', `/api/reviews/${id}/live`);

export function postLive(
  api: ApiClient,
  id: string,
  change: { view?: SharedView; pointer?: { slice: number; x: number; y: number }; present?: boolean },
): Promise<ApiResult<LiveState>> {
  return api.request('POST', `/api/reviews/${id}/live`, change);
}

export const annotate = (api: ApiClient, id: string, annotation: NewAnnotation): Promise<ApiResult<Annotation>> =>
  api.request('POST', `/api/reviews/${id}/annotations`, annotation);

export const visitLink = (api: ApiClient, id: string): Promise<ApiResult<{ url: string; expires: string }>> =>
  api.request('POST', `/api/reviews/${id}/visit-link`);

export const conclude = (api: ApiClient, id: string, text: string): Promise<ApiResult<{ note: string; status: string }>> =>
  api.request('POST', `/api/reviews/${id}/conclusion`, { text });

/** A problem from the server in words a clinician can act on. */
export function reviewErrorWords(error: { status: number; code: string; message: string }): string {
  switch (error.code) {
    case 'not_invited':
      return 'This case review is only for the colleagues invited to it.';
    case 'review_closed':
      return 'This case review has ended; its conclusions are in the patient\u2019s record.';
    case 'access_denied':
      return 'You may not see this patient\u2019s images: you have no care relationship and are not invited to a review of them.';
    case 'presenter_only':
      return 'Only the presenter moves everyone\u2019s view. Choose "Present" to take over.';
    case 'not_your_review':
      return 'Only the clinician who called the review may invite a visitor, while it is open.';
    case 'unknown_member':
      return `${error.message}.`;
    case 'network_error':
      return error.message;
    default:
      return error.message || `The server answered ${error.status}.`;
  }
}
