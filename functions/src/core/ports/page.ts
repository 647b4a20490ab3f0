/** One page of a listing; `cursor` is opaque and absent on the last page. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface PageRequest {
  cursor?: string;
  limit?: number;
}
