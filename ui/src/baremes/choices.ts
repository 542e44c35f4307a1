// The choices of the barème editor's selects: each value of the barème's format with its French label.
export const CHOICES = {
  LEVERS: [["logiciel", "Logiciel"], ["equipement", "Équipement"], ["moa", "Maîtrise d'ouvrage"], ["pilotage", "Pilotage (AMOA)"], ["marche", "Procédure de marché"]] as const,
  BASES: [["per_essms", "Par ESSMS"], ["per_project", "Par projet"]] as const,
  CHANNELS: [["", "Les deux"], ["regional", "Régional"], ["national", "National"]] as const,
  SITUATIONS: [["", "Toutes"], ["new_solution", "Nouvelle solution"], ["already_equipped", "Déjà équipé"]] as const,
  CAPS: [["", "Aucun"], ["equipment_need", "Besoin d'équipement déclaré"], ["amoa_cost", "Coût AMOA déclaré"], ["marche_cost", "Coût du marché déclaré"]] as const,
  CONDITIONS: [["referencee", "Référencée Ségur"], ["small_og", "Petit OG"], ["centrale_achat", "Centrale d'achat"], ["grappe_size", "Taille de grappe"]] as const,
  WINDOW_CHANNELS: [["regional", "AAP régional"], ["national", "AAP national"], ["multiregional", "Multirégional"]] as const,
  DUES: [["project_start", "Au démarrage du projet"], ["usage_targets", "À l'atteinte des cibles d'usage"]] as const,
} as const;
