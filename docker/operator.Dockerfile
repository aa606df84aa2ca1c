# syntax=docker/dockerfile:1
# Image of the StrictMail operator (strictmail-operator run). Build from the repository root:
#   docker build -f docker/operator.Dockerfile -t strictmail/strictmail-operator:TAG .      (or: make images)
# docker/operator.Dockerfile.dockerignore keeps local bin/ and obj/ out of the build context.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a source change does not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY operator/StrictMail.Policy/StrictMail.Policy.csproj operator/StrictMail.Policy/
COPY operator/StrictMail.Operator/StrictMail.Operator.csproj operator/StrictMail.Operator/
RUN dotnet restore operator/StrictMail.Operator/StrictMail.Operator.csproj
COPY operator/StrictMail.Policy/ operator/StrictMail.Policy/
COPY operator/StrictMail.Operator/ operator/StrictMail.Operator/
RUN dotnet publish operator/StrictMail.Operator/StrictMail.Operator.csproj -c Release --no-restore -o /app -p:UseAppHost=false

# Chiseled: no shell, no package manager, only what .NET needs. InvariantGlobalization is on, so no ICU.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The UID the chart runs as (podSecurityContext.runAsUser); files in /app stay root-owned and read-only.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["dotnet", "strictmail-operator.dll"]
