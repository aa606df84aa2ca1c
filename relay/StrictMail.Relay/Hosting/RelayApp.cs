using StrictMail.Relay.Admin;

namespace StrictMail.Relay.Hosting;

/// <summary>Builds the relay's web application; Program and the tests start exactly this.</summary>
internal static class RelayApp
{
    /// <summary>The prefix of the relay's environment variables, as in STRICTMAIL_Relay__PolicyFile.</summary>
    public const string EnvironmentPrefix = "STRICTMAIL_";

    /// <summary>Reads configuration (appsettings.json, STRICTMAIL_ variables, command line), registers the relay and maps the admin endpoints.</summary>
    public static WebApplication Build(string[] args)
    {
        // appsettings.json ships beside the binary; the working directory is wherever the relay was started.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Added after the builder's own sources; the command line is added again so it still wins.
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);

        builder.Services.AddRelay(builder.Configuration);
        var app = builder.Build();
        app.MapRelayAdmin();
        return app;
    }
}
