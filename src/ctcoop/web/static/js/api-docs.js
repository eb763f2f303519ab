// The interactive API documentation: Swagger UI from the project's own assets (built from the npm
// registry by scripts/build-assets.sh), so /api/docs works offline and loads nothing from elsewhere.
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
  });
});
