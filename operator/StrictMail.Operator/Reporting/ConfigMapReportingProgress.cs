using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace StrictMail.Operator.Reporting;

/// <summary>The cluster's progress: key <see cref="Key"/> of a ConfigMap in the operator's namespace, read and written by the leader only.</summary>
internal sealed class ConfigMapReportingProgress(IKubernetes client, string name, string @namespace) : IReportingProgress
{
    public const string Key = "reportedThrough";

    public async Task<DateOnly?> ReadAsync(CancellationToken cancellation)
    {
        var stored = await GetAsync(cancellation).ConfigureAwait(false);
        return stored?.Data?.TryGetValue(Key, out var text) == true
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    public async Task SaveAsync(DateOnly reportedThrough, CancellationToken cancellation)
    {
        var value = reportedThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var stored = await GetAsync(cancellation).ConfigureAwait(false);
        if (stored is null)
        {
            var created = new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "strictmail-operator" } },
                Data = new Dictionary<string, string> { [Key] = value },
            };
            await client.CoreV1.CreateNamespacedConfigMapAsync(created, @namespace, fieldManager: "strictmail-operator", cancellationToken: cancellation).ConfigureAwait(false);
            return;
        }

        // Replace with the stored resourceVersion: a concurrent writer (a former leader) makes this a 409, tried again next cycle.
        stored.Data ??= new Dictionary<string, string>();
        stored.Data[Key] = value;
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(stored, name, @namespace, fieldManager: "strictmail-operator", cancellationToken: cancellation).ConfigureAwait(false);
    }

    private async Task<V1ConfigMap?> GetAsync(CancellationToken cancellation)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
