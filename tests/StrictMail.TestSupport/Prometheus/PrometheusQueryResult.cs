using System.Text.Json;

namespace StrictMail.TestSupport.Prometheus;

/// <summary>The answer of /api/v1/query: success with series, or the error Prometheus gave (a parse error is "bad_data").</summary>
internal sealed record PrometheusQueryResult(string Query, bool Success, string? Error, string ResultType, IReadOnlyList<PrometheusSeries> Series)
{
    /// <summary>Reads the JSON body of an /api/v1/query answer.</summary>
    public static PrometheusQueryResult Parse(string query, string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            var error = $"{root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}";
            return new PrometheusQueryResult(query, false, error, string.Empty, []);
        }

        var data = root.GetProperty("data");
        var type = data.GetProperty("resultType").GetString() ?? string.Empty;
        var result = data.GetProperty("result");
        List<PrometheusSeries> series = [];
        if (type is "scalar" or "string")
        {
            series.Add(new PrometheusSeries(new Dictionary<string, string>(), result[1].GetString() ?? string.Empty));
        }
        else
        {
            foreach (var item in result.EnumerateArray())
            {
                var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
                var value = item.TryGetProperty("value", out var sample) ? sample[1].GetString() : item.GetProperty("values").EnumerateArray().Last()[1].GetString();
                series.Add(new PrometheusSeries(labels, value ?? string.Empty));
            }
        }

        return new PrometheusQueryResult(query, true, null, type, series);
    }

    public override string ToString() =>
        Success ? $"{ResultType} with {Series.Count} series{(Series.Count == 0 ? string.Empty : ":\n  " + string.Join("\n  ", Series.Take(10)))}" : $"error {Error}";
}
