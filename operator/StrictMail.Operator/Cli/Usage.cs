namespace StrictMail.Operator.Cli;

/// <summary>The operator's help text.</summary>
internal static class Usage
{
    public const string Text = """
        usage: strictmail-operator <command> [options]

        commands:
          local --policies DIR --out FILE [--watch]
              Compile the TlsPolicy YAML files in DIR (the files you would kubectl apply)
              into the policy document FILE that a relay reads. Invalid policies are
              reported with file, line and field, and nothing is written (exit code 1).
              --watch keeps running and recompiles within a second of any change,
              keeping the last good FILE while the policies have errors.
          help
              Show this text.
        """;
}
