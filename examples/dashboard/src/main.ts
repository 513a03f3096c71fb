/** The dashboard: zoneless change detection (no zone.js), signals for every value the views show. */
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] })
  .catch((e: unknown) => console.error(e));
