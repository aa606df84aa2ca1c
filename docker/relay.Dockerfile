# syntax=docker/dockerfile:1
# Image of the StrictMail relay (SMTP on 2525, admin on 9464). Build from the repository root:
#   docker build -f docker/relay.Dockerfile -t strictmail/strictmail-relay:TAG .      (or: make images)
# docker/relay.Dockerfile.dockerignore keeps local bin/ and obj/ out of the build context.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a source change does not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY operator/StrictMail.Policy/StrictMail.Policy.csproj operator/StrictMail.Policy/
COPY relay/StrictMail.Relay/StrictMail.Relay.csproj relay/StrictMail.Relay/
RUN dotnet restore relay/StrictMail.Relay/StrictMail.Relay.csproj
COPY operator/StrictMail.Policy/ operator/StrictMail.Policy/
COPY relay/StrictMail.Relay/ relay/StrictMail.Relay/
RUN dotnet publish relay/StrictMail.Relay/StrictMail.Relay.csproj -c Release --no-restore -o /app -p:UseAppHost=false

# Chiseled: no shell, no package manager, only what .NET needs. InvariantGlobalization is on, so no ICU.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The UID the chart runs as (podSecurityContext.runAsUser); files in /app stay root-owned and read-only.
USER 65532:65532
EXPOSE 2525 9464
ENTRYPOINT ["dotnet", "strictmail-relay.dll"]
