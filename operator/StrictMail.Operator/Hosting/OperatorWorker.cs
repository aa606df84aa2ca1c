using Microsoft.Extensions.Hosting;

namespace StrictMail.Operator.Hosting;

/// <summary>Runs the operator runtime for the lifetime of the host; stopping releases the lease.</summary>
internal sealed class OperatorWorker(OperatorRuntime runtime) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runtime.RunAsync(stoppingToken);
}
