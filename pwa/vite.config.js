import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// The build lands in pwa/dist, which Flask serves at "/" (backend/web.py).
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Flask sends assets/ with a one-year immutable cache: names must carry a content hash.
    assetsDir: "assets",
  },
  server: {
    // `npm run dev` talks to the Flask app started by `make run`.
    proxy: { "/api": "http://127.0.0.1:5000", "/healthz": "http://127.0.0.1:5000" },
  },
  plugins: [
    VitePWA({
      // Our own service worker (src/sw.js): it replays the IndexedDB outbox on background sync and
      // shows Web Push reminders; Workbox precaches the shell into it.
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.js",
      // An external registerSW.js, never an inline script: the CSP is script-src 'self'.
      injectRegister: "script",
      registerType: "autoUpdate",
      includeManifestIcons: false, // the icons are already matched by globPatterns
      manifest: {
        name: "科创陕西科技志愿服务",
        short_name: "科创陕西",
        description: "陕西省科协科技志愿服务与科普下乡",
        lang: "zh-CN",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#0b5cad",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        // The map (Leaflet) is precached too, so it opens offline once the app is installed.
        globPatterns: ["**/*.{js,css,html,png,svg,ico}"],
      },
    }),
  ],
});
