/**
 * Loading ioredis 6 defines `class VerbatimString extends String`. Making String.prototype the
 * prototype of another object switches it to a slow dictionary-mode object in V8 (Node 20),
 * and V8 only switches it back when an inline cache looks a property up through a String
 * *object*; calls on string primitives, which is all the pipeline, Fastify and pg make, never
 * do. Until then every optimised charCodeAt, slice, startsWith or indexOf is a slow lookup:
 * the document pipeline cost 1.6-1.7x its CPU in any process that had loaded ioredis.
 */
export function restoreFastStringPrototype(): void {
  // An inline cache needs a feedback vector, which V8 allocates after a function's first few
  // calls: enough calls that the lookup is cached whatever that threshold is.
  for (let i = 0; i < 100; i++) lookUpThroughStringObject();
}

function lookUpThroughStringObject(): unknown {
  // A String object, not a primitive, is the point.
  return (new String('') as unknown as Record<string, unknown>).headroomAbsentProperty;
}
