export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); if (process.env.LOGMOD) console.error("MOD", r.url); return r; }
