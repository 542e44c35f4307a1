// What the panels of step 2 share: the situations and sectors an ESSMS can be given.
import type { Situation, Sector } from "../ipc";

export const SITUATIONS: [Situation, string, string][] = [
  ["new_solution", "Acquisition d'une nouvelle solution", "Nouvelle solution"],
  ["already_equipped", "Déjà équipé", "Déjà équipé"],
];

export const SECTORS: [Sector, string][] = [
  ["personnes_agees", "Personnes âgées"],
  ["personnes_handicapees", "Personnes handicapées"],
  ["difficultes_specifiques", "Difficultés spécifiques"],
  ["protection_enfance", "Protection de l'enfance"],
];
