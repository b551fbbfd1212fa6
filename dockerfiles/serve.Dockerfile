# Runtime and model layers on top of base.Dockerfile, for teams that build with Docker or Cloud Build.
# Same layout as `mlops deploy build` (src/Deploy/Image): /app = trimmed self-contained mlops-serve (with the
# libonnxruntime.so its Microsoft.ML.OnnxRuntime package puts in the publish),
# /model = model.onnx + card.json, same environment, user and entrypoint. Build context: the repository root.
#   docker build -f dockerfiles/serve.Dockerfile --build-arg BASE_IMAGE=mlops-base \
#     --build-arg MODEL_NAME=fashion --build-arg MODEL_FILE=path/in/context/model.int8.onnx --build-arg CARD_FILE=path/card.json -t fashion .
ARG BASE_IMAGE=mlops-base

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS publish
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Serve/Mlops.Serve.csproj -c Release -r linux-x64 --self-contained true \
      -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true \
      -p:JsonSerializerIsReflectionEnabledByDefault=true -p:DebugType=none -o /out \
 && rm -f /out/libcoreclrtraceptprovider.so /out/libmscordbi.so /out/libmscordaccore.so /out/createdump \
      /out/libonnxruntime_providers_shared.so

FROM ${BASE_IMAGE} AS runtime
COPY --from=publish /out/ /app/

FROM runtime
ARG MODEL_NAME=fashion
ARG MODEL_FILE=model.onnx
ARG CARD_FILE=card.json
COPY ${MODEL_FILE} /model/model.onnx
COPY ${CARD_FILE} /model/card.json
ENV PATH=/app HOME=/home/nonroot PORT=8080 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableDiagnostics=0 \
    MLOPS_MODELS=${MODEL_NAME}=/model/model.onnx MLOPS_MODEL_CARD=/model/card.json
LABEL dev.mlops.model.name=${MODEL_NAME}
USER 65532:65532
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["/app/mlops-serve"]
