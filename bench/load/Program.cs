using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

// bench/load: N concurrent clients against a running app. First a warm-up of the writes (--warmup seconds, not counted).
// Phase 1, the floor: every client asks /healthz. Phase 2: every
// client saves indicator values and item scores through /api/v1 with its own token, each on targets of its own (so any
// 409 is a fault, not a race between clients). Then every acknowledged write is looked up in the database: the value and
// the version the API answered must be what is stored, else it is counted lost.
var options = Options.Parse(args);
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = new Uri(options.BaseUrl), Timeout = TimeSpan.FromSeconds(300) };
// The verb also logs to stdout: the tokens are the lines that start as tokens do.
var valueTokens = File.ReadAllLines(options.ValueTokens).Where(l => l.StartsWith("sat_", StringComparison.Ordinal)).ToArray();
var scoreTokens = File.ReadAllLines(options.ScoreTokens).Where(l => l.StartsWith("sat_", StringComparison.Ordinal)).ToArray();

Console.Error.WriteLine($"finding targets at {options.BaseUrl} …");
var schools = await SchoolsAsync(http, valueTokens[0]);
var items = await ScoreTargetsAsync(http, scoreTokens[0], options.Clients);
Console.Error.WriteLine($"{schools.Count} schools to write values to, {items.Count} assessment items to score");
if (schools.Count == 0 || items.Count == 0) throw new InvalidOperationException("nothing to write to: generate the demo data first");

var acknowledged = new ConcurrentDictionary<string, Acknowledged>();
// What each client last saw, kept across the warm-up and the measured phase.
var valueVersions = new Guid?[options.Clients];
var scoreVersionsOf = Enumerable.Range(0, options.Clients).Select(_ => new Dictionary<string, Guid?>()).ToArray();
var sent = new int[options.Clients];
Func<int, Recorder, CancellationToken, Task> write = async (client, recorder, stop) =>
{
    // Client i owns school i (mod n) in the load's year, and assessment items i, i + clients, …: no two clients share a target.
    var school = schools[client % schools.Count];
    var mine = items.Where((_, index) => index % options.Clients == client).ToList();
    if (mine.Count == 0) mine = [items[client % items.Count]];
    var valueToken = valueTokens[client % valueTokens.Length];
    var scoreToken = scoreTokens[client % scoreTokens.Length];
    var scoreVersions = scoreVersionsOf[client];
    var random = new Random(client + 7919 * sent[client]);
    var pace = Pacer.For(client, options);
    while (await pace.NextAsync(stop) is { } due)
    {
        var n = ++sent[client];
        if (random.NextDouble() < options.ValueShare)
        {
            var value = (client + n) % 400 + 1;
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/schools/{school}/years/{options.Year}/values/fulltimeTeachers")
            {
                Content = JsonContent.Create(new { value, version = valueVersions[client] }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", valueToken);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            recorder.Add(Stopwatch.GetElapsedTime(due), response.StatusCode, write: true);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                valueVersions[client] = JsonDocument.Parse(body).RootElement.GetProperty("version").GetGuid();
                acknowledged[$"v/{school}"] = new Acknowledged("value", school, "fulltimeTeachers", value.ToString(CultureInfo.InvariantCulture), valueVersions[client]!.Value);
            }
            else if (response.StatusCode == HttpStatusCode.Conflict)
            {
                valueVersions[client] = JsonDocument.Parse(body).RootElement.GetProperty("current").GetProperty("version").GetGuid();
            }
        }
        else
        {
            var (assessment, code) = mine[n % mine.Count];
            var key = $"{assessment}/{code}";
            var comment = $"负载测试 {client}-{n}";
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assessments/{assessment}/items/{code}/scores/Self")
            {
                Content = JsonContent.Create(new { comment, version = scoreVersions.GetValueOrDefault(key) }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scoreToken);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            recorder.Add(Stopwatch.GetElapsedTime(due), response.StatusCode, write: true);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var version = JsonDocument.Parse(body).RootElement.GetProperty("version").GetGuid();
                scoreVersions[key] = version;
                acknowledged[$"s/{key}"] = new Acknowledged("score", assessment, code, comment, version);
            }
            else if (response.StatusCode == HttpStatusCode.Conflict &&
                     JsonDocument.Parse(body).RootElement.GetProperty("current") is { ValueKind: JsonValueKind.Object } current)
            {
                scoreVersions[key] = current.GetProperty("version").GetGuid();
            }
        }
    }
};

// The write path warmed up first, unmeasured (JIT, query compilation, caches), as a running server is.
if (options.WarmupSeconds > 0) await PhaseAsync("warm-up: the same writes, not counted", options with { Seconds = options.WarmupSeconds }, write);

var floor = await PhaseAsync("floor: GET /healthz", options, async (client, recorder, stop) =>
{
    var pace = Pacer.For(client, options);
    while (await pace.NextAsync(stop) is { } due)
    {
        using var response = await http.GetAsync("/healthz");
        await response.Content.ReadAsByteArrayAsync();
        recorder.Add(Stopwatch.GetElapsedTime(due), response.StatusCode, write: false);
    }
});

var writes = await PhaseAsync("writes: PUT values and item scores", options, write);


var lost = CountLost(options.Database, options.Year, acknowledged.Values.ToList());
Console.WriteLine();
Console.WriteLine($"| phase | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors |");
Console.WriteLine($"|---|---|---|---|---|---|---|---|");
Console.WriteLine(floor.Row(options.Clients));
Console.WriteLine(writes.Row(options.Clients));
Console.WriteLine();
Console.WriteLine($"writes acknowledged: {writes.Writes} ({writes.Writes / writes.Seconds:0} writes/s); distinct targets checked in the database: {acknowledged.Count}; lost: {lost}");
Console.WriteLine($"p95 of writes / p95 of the floor: {writes.P(0.95) / Math.Max(floor.P(0.95), 0.001):0.0}×; statuses of writes: {writes.Statuses}");
return lost == 0 ? 0 : 1;

static async Task<List<int>> SchoolsAsync(HttpClient http, string token)
{
    var ids = new List<int>();
    for (var page = 1; page < 100; page++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/schools?pageSize=200&page={page}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        ids.AddRange(root.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));
        if (ids.Count >= root.GetProperty("total").GetInt32()) break;
    }

    return ids;
}

// Assessments the school may still self-assess (自评), as the administrator: each (assessment, item) is one target.
static async Task<List<(int Assessment, string Code)>> ScoreTargetsAsync(HttpClient http, string token, int wanted)
{
    async Task<JsonElement> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    var targets = new List<(int, string)>();
    for (var page = 1; page < 100 && targets.Count < wanted * 2; page++)
    {
        var root = await GetAsync($"/api/v1/assessments?pageSize=200&page={page}");
        var rows = root.GetProperty("items").EnumerateArray().ToList();
        foreach (var row in rows.Where(r => r.GetProperty("state").GetString() == "SelfAssessment"))
        {
            var assessment = await GetAsync($"/api/v1/assessments/{row.GetProperty("id").GetInt32()}");
            targets.AddRange(assessment.GetProperty("items").EnumerateArray().Select(i => (row.GetProperty("id").GetInt32(), i.GetProperty("code").GetString()!)));
        }

        if (rows.Count == 0) break;
    }

    return targets;
}

static async Task<Phase> PhaseAsync(string name, Options options, Func<int, Recorder, CancellationToken, Task> client)
{
    Console.Error.WriteLine($"{name}: {options.Clients} clients for {options.Seconds} s, {(options.Rate > 0 ? $"{options.Rate:0} requests/s in all" : "each as fast as it can")} …");
    var recorder = new Recorder();
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(i => Task.Run(async () =>
    {
        try
        {
            await client(i, recorder, stop.Token);
        }
        catch (Exception e)
        {
            recorder.Fail(e);
        }
    })));
    var phase = new Phase(name, recorder, watch.Elapsed.TotalSeconds);
    Console.Error.WriteLine(phase.Row(options.Clients));
    return phase;
}

static int CountLost(string database, int year, List<Acknowledged> acknowledged)
{
    using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
    connection.Open();
    var values = new Dictionary<int, (long Number, string Stamp)>();
    using (var command = connection.CreateCommand())
    {
        command.CommandText = "SELECT SchoolId, Number, ConcurrencyStamp FROM YearlyIndicatorValues WHERE Year = $year AND IndicatorKey = 'fulltimeTeachers'";
        command.Parameters.AddWithValue("$year", year);
        using var reader = command.ExecuteReader();
        while (reader.Read()) values[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetString(2));
    }

    var scores = new Dictionary<string, (string? Comment, string Stamp)>();
    using (var command = connection.CreateCommand())
    {
        command.CommandText = "SELECT AssessmentId, ItemCode, Comment, ConcurrencyStamp FROM ItemScores WHERE Kind = 1 AND Scorer = ''";
        using var reader = command.ExecuteReader();
        while (reader.Read()) scores[$"{reader.GetInt32(0)}/{reader.GetString(1)}"] = (reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3));
    }

    var lost = 0;
    foreach (var write in acknowledged)
    {
        // Decimals are stored as whole ten-thousandths (ScaledDecimalConverter).
        var stored = write.Kind == "value"
            ? values.TryGetValue(write.Id, out var v) && v.Number == long.Parse(write.Value, CultureInfo.InvariantCulture) * 10_000 && Same(v.Stamp, write.Version)
            : scores.TryGetValue($"{write.Id}/{write.Key}", out var s) && s.Comment == write.Value && Same(s.Stamp, write.Version);
        if (!stored)
        {
            lost++;
            if (lost <= 5) Console.Error.WriteLine($"lost: {write}");
        }
    }

    return lost;
}

static bool Same(string stored, Guid version) => Guid.TryParse(stored, out var g) && g == version;

internal sealed record Acknowledged(string Kind, int Id, string Key, string Value, Guid Version);

internal sealed class Recorder
{
    private readonly ConcurrentBag<(double Ms, int Status, bool Write)> _samples = [];
    private int _exceptions;

    public void Add(TimeSpan elapsed, HttpStatusCode status, bool write) => _samples.Add((elapsed.TotalMilliseconds, (int)status, write));

    public void Fail(Exception e)
    {
        if (Interlocked.Increment(ref _exceptions) <= 3) Console.Error.WriteLine($"client failed: {e.GetType().Name}: {e.Message}");
    }

    public IReadOnlyList<(double Ms, int Status, bool Write)> Samples => [.. _samples];

    public int Exceptions => _exceptions;
}

internal sealed class Phase(string name, Recorder recorder, double seconds)
{
    private readonly double[] _sorted = recorder.Samples.Select(s => s.Ms).Order().ToArray();

    public double Seconds => seconds;

    public int Writes => recorder.Samples.Count(s => s.Write && s.Status == 200);

    public string Statuses => string.Join(", ", recorder.Samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    public double P(double q) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(q * _sorted.Length) - 1)];

    public string Row(int clients)
    {
        var errors = recorder.Samples.Count(s => s.Status != 200) + recorder.Exceptions;
        return $"| {name} | {clients} | {_sorted.Length} | {_sorted.Length / seconds:0} | {P(0.5):0.0} | {P(0.95):0.0} | {P(0.99):0.0} | {errors} |";
    }
}

/// <summary>
/// When a client sends. Without a rate, at once: each client sends its next request when the last is answered (a closed
/// loop, which finds the most the app can take, and whose latency is then only clients ÷ throughput). With a rate, on a
/// timetable: client i every clients ÷ rate seconds, staggered, whatever the app does (an open loop, as people saving at
/// their own pace); a request's time counts from when it was due, so a slow answer that delays the next send is not
/// hidden (coordinated omission).
/// </summary>
internal sealed class Pacer(long interval, long first)
{
    private long _next = first;

    public static Pacer For(int client, Options options) => options.Rate <= 0
        ? new Pacer(0, 0)
        : new Pacer((long)(options.Clients / options.Rate * Stopwatch.Frequency), Stopwatch.GetTimestamp() + (long)(client / options.Rate * Stopwatch.Frequency));

    /// <summary>Waits for this client's next turn and returns when it was due (a timestamp); null once the phase is over.</summary>
    public async Task<long?> NextAsync(CancellationToken stop)
    {
        if (stop.IsCancellationRequested) return null;
        if (interval == 0) return Stopwatch.GetTimestamp();
        var due = _next;
        _next += interval;
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait <= TimeSpan.Zero) return due;
        try
        {
            await Task.Delay(wait, stop);
            return due;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}

internal sealed record Options(string BaseUrl, string ValueTokens, string ScoreTokens, string Database, int Clients, int Seconds, int Year, double ValueShare,
    double Rate, int WarmupSeconds)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string? fallback = null)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback ?? throw new ArgumentException($"{name} is required");
        }

        return new Options(Get("--base"), Get("--value-tokens"), Get("--score-tokens"), Get("--db"),
            int.Parse(Get("--clients", "500"), CultureInfo.InvariantCulture), int.Parse(Get("--seconds", "30"), CultureInfo.InvariantCulture),
            int.Parse(Get("--year", "2030"), CultureInfo.InvariantCulture), double.Parse(Get("--value-share", "0.5"), CultureInfo.InvariantCulture),
            double.Parse(Get("--rate", "0"), CultureInfo.InvariantCulture), int.Parse(Get("--warmup", "10"), CultureInfo.InvariantCulture));
    }
}
