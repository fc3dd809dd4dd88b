// `after: [web]` in the settings file holds a type back until every dyno of each type it
// names has been up once. TypesUp keeps one promise per type that resolves at that moment.
interface UpDyno {
  spec: { type: string };
  upSince: number | undefined;
}

export class TypesUp {
  private readonly resolvers = new Map<string, () => void>();
  private readonly promises = new Map<string, Promise<void>>();

  /** Tracks every type of `dynos`. */
  constructor(dynos: UpDyno[]) {
    for (const type of new Set(dynos.map((dyno) => dyno.spec.type))) {
      this.promises.set(type, new Promise((resolve) => this.resolvers.set(type, resolve)));
    }
  }

  /** Resolves once every dyno of each of `types` has been up; at once for an untracked type. */
  waitFor(types: string[]): Promise<unknown> {
    return Promise.all(types.map((type) => this.promises.get(type) ?? Promise.resolve()));
  }

  /** A dyno is up; `dynos` are the formation's now. */
  up(dyno: UpDyno, dynos: UpDyno[]): void {
    const type = dyno.spec.type;
    const all = dynos.filter((other) => other.spec.type === type);
    if (all.every((other) => other.upSince !== undefined)) this.resolvers.get(type)?.();
  }
}
