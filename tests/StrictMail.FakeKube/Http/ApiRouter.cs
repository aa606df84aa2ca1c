using Microsoft.AspNetCore.Http;
using StrictMail.FakeKube.Faults;
using StrictMail.FakeKube.Resources;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>The one request handler: faults first, then discovery, then resources.</summary>
internal sealed class ApiRouter
{
    private readonly ResourceRegistry registry;
    private readonly ResourceEndpoint resources;
    private readonly FaultInjector faults;
    private readonly Action<FakeKubeRequest> record;
    private readonly CancellationToken stopping;

    public ApiRouter(ResourceRegistry registry, ResourceEndpoint resources, FaultInjector faults, Action<FakeKubeRequest> record, CancellationToken stopping)
    {
        this.registry = registry;
        this.resources = resources;
        this.faults = faults;
        this.record = record;
        this.stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var request = new FakeKubeRequest(context.Request.Method, path, context.Request.QueryString.Value ?? "");
        record(request);
        try
        {
            if (faults.Take(request) is { } fault)
            {
                // A delayed request must not hold up the server's shutdown.
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
                await Task.Delay(fault.Delay, delay.Token).ConfigureAwait(false);
                if (fault.StatusCode is { } code)
                {
                    throw StatusObjects.ForCode(code);
                }
            }

            await RouteAsync(context, path).ConfigureAwait(false);
        }
        catch (KubeApiException error) when (!context.Response.HasStarted)
        {
            await JsonResponses.WriteErrorAsync(context, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // The client went away, or the server is stopping.
        }
    }

    private async Task RouteAsync(HttpContext context, string path)
    {
        if (context.Request.Method == "GET" && DiscoveryDocuments.For(path, registry.All()) is { } document)
        {
            await JsonResponses.WriteAsync(context, 200, document).ConfigureAwait(false);
            return;
        }

        var parsed = RequestPath.Parse(path);
        var type = parsed is null ? null : registry.Find(parsed.Group, parsed.Version, parsed.Plural);
        if (parsed is null || type is null)
        {
            throw new KubeApiException(404, "NotFound", $"the server could not find the requested resource ({context.Request.Method} {path})");
        }

        await resources.HandleAsync(context, type, parsed).ConfigureAwait(false);
    }
}
