// Public face of the batch domain (issue 10): order files in, per-card documents and packages out. Orders are in
// orders/; templates and packages build on the rows they give.
export * from './orders/index';
