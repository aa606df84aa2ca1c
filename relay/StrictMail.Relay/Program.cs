using Microsoft.Extensions.Options;
using StrictMail.Relay.Hosting;
using StrictMail.Relay.Inbound.Auth;

if (args is [HashPasswordCommand.Name, ..])
{
    return await HashPasswordCommand.RunAsync(Console.In, Console.Out, Console.Error);
}

try
{
    await using var app = RelayApp.Build(args);

    // Ctrl-C and SIGTERM stop the host gracefully.
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync("strictmail-relay: invalid configuration: " + string.Join(" ", e.Failures));
    return 1;
}
