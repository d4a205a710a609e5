using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Demo;

/// <summary>A school of the generated tree; <see cref="Index"/> (0 = the root) seeds everything drawn for it.</summary>
public sealed record DemoSchool(int Index, string Name, SchoolLevel Level, string Region, int? ParentIndex);

/// <summary>
/// What <c>demo generate</c> writes, as pure functions of the seed: the tree, and each school's indicators per year.
/// Every draw is a hash of (seed, school, indicator, year), so a value does not depend on the order things are made in.
/// </summary>
public static class DemoPlan
{
    public const string RootName = "演示省委党校(生成)";
    public const string RootRegion = "演示省";

    // Syllables of place-like names; two distinct ones make a name (长宁, 安源, 清河 …).
    private const string Syllables = "安宁平江河山川云阳兴丰泰华永清长新德昌明临远嘉庆福瑞金石林源溪湖桥水台丘原岭宝盛和顺康乐沙白青龙凤松柏";

    /// <summary>The tree: one provincial root, ~0.7% city schools, ~9% county schools, the rest township schools.</summary>
    public static IReadOnlyList<DemoSchool> Tree(int schools, int seed)
    {
        if (schools < 4) throw new ArgumentOutOfRangeException(nameof(schools), "at least a root, a city, a county and a township");
        var cities = Math.Max(1, (int)Math.Round(schools * 14 / 2000.0));
        var counties = Math.Max(1, (int)Math.Round(schools * 185 / 2000.0));
        var townships = schools - 1 - cities - counties;
        var names = new NamePool(seed);
        var tree = new List<DemoSchool> { new(0, RootName, SchoolLevel.Provincial, RootRegion, null) };

        var cityStart = tree.Count;
        for (var i = 0; i < cities; i++)
        {
            var place = names.Next($"第{i + 1}");
            tree.Add(new(tree.Count, $"{place}市委党校", SchoolLevel.City, $"{RootRegion}{place}市", 0));
        }

        var countyStart = tree.Count;
        for (var i = 0; i < counties; i++)
        {
            var city = tree[cityStart + i % cities];
            var place = names.Next($"第{i + 1}");
            var kind = Draw.Uniform(seed, tree.Count, "kind") switch { < 0.7 => "县", < 0.9 => "区", _ => "市" };
            tree.Add(new(tree.Count, $"{place}{kind}委党校", SchoolLevel.County, $"{city.Region}{place}{kind}", city.Index));
        }

        for (var i = 0; i < townships; i++)
        {
            var county = tree[countyStart + i % counties];
            var place = names.Next($"第{i + 1}");
            var kind = Draw.Uniform(seed, tree.Count, "kind") switch { < 0.6 => "镇", < 0.85 => "乡", _ => "街道" };
            tree.Add(new(tree.Count, $"{place}{kind}党校", SchoolLevel.Township, $"{county.Region}{place}{kind}", county.Index));
        }

        return tree;
    }

    /// <summary>
    /// A school's indicators for one year (<paramref name="yearIndex"/> 0 = the oldest generated year), for every key
    /// the standards of its level read; empty when the school has not entered that year. Values spread around each
    /// rule's target with the school's quality, most yes/no answers are yes, a few values are missing, and every
    /// school improves a little year by year.
    /// </summary>
    public static IReadOnlyDictionary<string, IndicatorValue> Values(int seed, int schoolIndex, int yearIndex, int years, DemoIndicators indicators)
    {
        var values = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        var profiles = indicators.Profiles;
        if (profiles.Count == 0) return values;
        // Some schools have not entered the latest year yet: dashboards show "not entered" as such.
        if (yearIndex == years - 1 && Draw.Uniform(seed, schoolIndex, "absent") < 0.03) return values;

        // Quality spreads schools over the grades: most pass, some fail, some are excellent.
        var quality = 0.9 + indicators.Lift + 0.2 * Draw.Normal(seed, schoolIndex, "quality") + 0.04 * yearIndex;
        decimal Strength(string key) => (decimal)(quality + 0.22 * Draw.Normal(seed, schoolIndex, key) + 0.05 * Draw.Normal(seed, schoolIndex, key, yearIndex));

        var numbers = new Dictionary<string, decimal>(StringComparer.Ordinal);
        // Denominators before the numerators that are a share of them.
        foreach (var profile in profiles.Values.OrderBy(p => p.Denominator is null ? 0 : 1))
        {
            var u = Strength(profile.Key);
            if (profile.Indicator.Type == IndicatorType.Boolean)
            {
                // Veto answers ("no incident", "independently set") fail only for the weakest few.
                values[profile.Key] = IndicatorValue.Of(u >= (profile.Veto ? 0.15m : 0.55m));
                continue;
            }

            decimal number;
            if (profile.Denominator is { } denominatorKey && numbers.TryGetValue(denominatorKey, out var denominator))
            {
                var share = Math.Clamp(profile.RatioFloor + (profile.RatioTarget - profile.RatioFloor) * u, 0m, 1m);
                number = Math.Min(Quantize(profile.Indicator, denominator * share, up: u >= 1), denominator);
            }
            else if (profile.Target is { } target)
            {
                var floor = profile.Floor;
                var raw = profile.Direction == Direction.AtLeast ? floor + (target - floor) * u : floor - (floor - target) * u;
                number = Quantize(profile.Indicator, raw, up: (u >= 1) == (profile.Direction == Direction.AtLeast));
            }
            else
            {
                // A base no rule bounds (main-class hours, members to train): log-uniform around the square root of its
                // upper bound, e.g. 8–24 township schools of a county, 100–1,000 trainees; growing a little each year.
                var max = (double)(profile.Indicator.Max ?? 1000m);
                var at = Math.Exp(Math.Log(max) * (0.4 + 0.2 * Draw.Uniform(seed, schoolIndex, profile.Key, -1)));
                number = Quantize(profile.Indicator, (decimal)(at * (1 + 0.03 * yearIndex)), up: false);
            }

            numbers[profile.Key] = number;
            values[profile.Key] = IndicatorValue.Of(number);
        }

        // A few values not entered (never a veto answer: that would fail the school for a blank field).
        foreach (var profile in profiles.Values.Where(p => !p.Veto))
        {
            if (Draw.Uniform(seed, schoolIndex, profile.Key, yearIndex + 1000) < 0.015) values.Remove(profile.Key);
        }

        return values;
    }

    private static decimal Quantize(Indicator indicator, decimal value, bool up)
    {
        var rounded = indicator.Type == IndicatorType.Integer
            ? (up ? Math.Ceiling(value) : Math.Floor(value))
            : Math.Round(value, 1, up ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity);
        return Math.Clamp(rounded, indicator.Min ?? 0m, indicator.Max ?? decimal.MaxValue);
    }

    /// <summary>What the rules ask of an indicator: the hardest target and lowest floor over every rule that reads it.</summary>
    internal sealed class Profile(string key, Indicator indicator)
    {
        public string Key { get; } = key;

        public Indicator Indicator { get; } = indicator;

        public decimal? Target { get; set; }

        public decimal Floor { get; set; }

        public Direction Direction { get; set; }

        public string? Denominator { get; set; }

        public decimal RatioTarget { get; set; }

        public decimal RatioFloor { get; set; } = 1m;

        public bool Veto { get; set; }
    }

    internal static Dictionary<string, Profile> Profiles(IReadOnlyList<Standard> standards, IndicatorCatalog catalog)
    {
        var profiles = new Dictionary<string, Profile>(StringComparer.Ordinal);
        Profile Of(string key) => profiles.TryGetValue(key, out var p) ? p : profiles[key] = new Profile(key, catalog[key]);
        foreach (var item in standards.SelectMany(s => s.Items))
        {
            foreach (var key in item.Rule.IndicatorKeys) Of(key).Veto |= item.Veto;
            switch (item.Rule)
            {
                case ThresholdRule t:
                    var p = Of(t.Indicator);
                    var atLeast = t.Scale.Direction == Direction.AtLeast;
                    p.Direction = t.Scale.Direction;
                    p.Floor = p.Target is null ? t.Scale.Floor : atLeast ? Math.Min(p.Floor, t.Scale.Floor) : Math.Max(p.Floor, t.Scale.Floor);
                    p.Target = p.Target is not { } known ? t.Scale.Target : atLeast ? Math.Max(known, t.Scale.Target) : Math.Min(known, t.Scale.Target);
                    break;
                case RatioRule r:
                    var n = Of(r.Numerator);
                    n.Denominator ??= r.Denominator;
                    n.RatioTarget = Math.Max(n.RatioTarget, r.Scale.Target);
                    n.RatioFloor = Math.Min(n.RatioFloor, r.Scale.Floor);
                    break;
            }
        }

        // Derived indicators are rolled up from the township schools' own data, never generated (nor typed).
        foreach (var key in profiles.Keys.Where(k => catalog[k].IsDerived).ToList()) profiles.Remove(key);
        return profiles;
    }

    /// <summary>Unique two-syllable place names in a seeded order; numbered names once they run out.</summary>
    private sealed class NamePool
    {
        private readonly List<string> _names;
        private int _next;

        public NamePool(int seed)
        {
            _names = (from a in Syllables from b in Syllables where a != b select $"{a}{b}")
                .OrderBy(n => Draw.Hash(seed, 0, n, 0)).ToList();
        }

        public string Next(string fallback) => _next < _names.Count ? _names[_next++] : fallback;
    }
}

/// <summary>
/// The indicators the standards of one school level read, with what their rules ask; built once per level.
/// <paramref name="lift"/> raises the level's schools towards their targets where its rules are harsher.
/// </summary>
public sealed class DemoIndicators(IReadOnlyList<Standard> standards, IndicatorCatalog catalog, double lift = 0)
{
    public double Lift { get; } = lift;

    internal IReadOnlyDictionary<string, DemoPlan.Profile> Profiles { get; } = DemoPlan.Profiles(standards, catalog);

    public IReadOnlyList<Standard> Standards { get; } = standards;
}

/// <summary>Stateless seeded draws: SplitMix64 over (seed, school, key, year), stable across runs and platforms.</summary>
internal static class Draw
{
    public static ulong Hash(int seed, int school, string key, int year)
    {
        var h = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)school);
        // FNV-1a: string.GetHashCode differs between runs.
        var k = 14695981039346656037UL;
        foreach (var c in key) k = (k ^ c) * 1099511628211UL;
        return Mix(Mix(h ^ k) ^ (ulong)(uint)year);
    }

    public static double Uniform(int seed, int school, string key, int year = 0) => (Hash(seed, school, key, year) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(int seed, int school, string key, int year = 0)
    {
        var u1 = 1 - Uniform(seed, school, key, year);
        var u2 = Uniform(seed, school, key + "#", year);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133CB111UL;
        return z ^ (z >> 31);
    }
}
